import type { Command } from '../command.js';
import { boolOpt, requiredOpt } from '../command.js';
import { withWorkspace } from '../../backend/workspace/workspace.js';
import { computeValidationReport, formatValidationReport } from '../../backend/ingest/validationReport.js';
import { currentValidationReport } from '../../backend/ingest/validationState.js';
import { AppError } from '../../../shared/errors.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: "Print the workspace's validation report (rows, key duplicates, unmatched foreign keys, date ranges, PopulationType mix).",
  usage: 'validate --workspace WS [--recompute] [--json]',
  options: [
    { name: 'workspace', kind: 'string', valueName: 'WS', description: 'Workspace folder.' },
    { name: 'recompute', kind: 'boolean', description: 'Recompute the report from the tables instead of reprinting the last one.' },
    { name: 'json', kind: 'boolean', description: 'Print the report as JSON.' },
  ],
  async run(args, io) {
    await withWorkspace(requiredOpt(args, 'workspace'), {}, async (ws) => {
      // The report an ingest still owes (killed before it was committed) is computed now.
      let report = await currentValidationReport(ws);
      if (!report || boolOpt(args, 'recompute')) {
        report = await computeValidationReport(await ws.engine(), ws.manifest);
        ws.manifest.validation = report;
        ws.saveManifest();
      }
      if (report.tables.length === 0) throw new AppError({ code: 'workspace/empty', message: 'The workspace holds no export tables yet.', hint: 'Load one with "ingest DIR --workspace WS" or "sync".' });
      io.stdout.write(boolOpt(args, 'json') ? JSON.stringify(report, null, 2) + '\n' : formatValidationReport(report));
    });
  },
};
