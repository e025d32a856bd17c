import type { Command } from '../command.js';
import { requiredOpt, stringOpt } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { parseFormat, renderRows } from '../format.js';
import { AppError } from '../../../shared/errors.js';
import { SqlGate } from '../../backend/api/sql/sqlGate.js';

export const queryCommand: Command = {
  name: 'query',
  summary: 'Run SQL against the workspace database and print the result.',
  usage: 'query --workspace WS "SQL" [--format table|csv|json]',
  positionals: [{ name: 'SQL', required: true, description: 'The SQL to run (DuckDB dialect); quote it.' }],
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'format', kind: 'string', valueName: 'FMT', description: 'table, csv or json.', default: 'table' },
  ],
  async run(args, io) {
    const format = parseFormat(stringOpt(args, 'format'));
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      const db = await ws.engine();
      // The same rules as the app's SQL screen: the database's own files stay out of reach.
      (await SqlGate.load(db, ws.dir)).checkScript(args.positionals[0]);
      let result;
      try {
        result = await db.query(args.positionals[0]);
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        throw new AppError({ code: 'query/failed', message: message.split('\n')[0], hint: 'Check the SQL; "query --workspace WS \\"SHOW TABLES\\"" lists the tables.' });
      }
      io.stdout.write(renderRows(result.columns, result.rows, format));
    });
  },
};
