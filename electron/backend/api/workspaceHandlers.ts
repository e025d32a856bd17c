/**
 * 'workspace/*' and 'datasets/*': what the workspace holds (tables with row counts, columns, date
 * ranges, rejected rows, validation findings) and the minimum group size setting.
 */
import type { Column, TableSummary, WorkspaceInfo } from '../../../shared/api/contract.js';
import { toErrorData } from '../../../shared/errors.js';
import { checkMinGroupSize } from '../../../shared/privacy.js';
import { TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { readSyncState } from '../azure/syncState.js';
import { ident } from '../engine/database.js';
import { REJECTS_TABLE } from '../ingest/validationReport.js';
import { currentValidationReport, validationStatus } from '../ingest/validationState.js';
import { ensurePersonAttributesView } from '../analyses/runAnalysis.js';
import type { ApiContext, Handlers } from './apiContext.js';

/** Tables the app creates for itself while loading; never shown. */
const HIDDEN = /^__(staging|rej|rejscan)_/;

function tableKind(name: string, isView: boolean): TableSummary['kind'] {
  if ((TABLE_NAMES as readonly string[]).includes(name)) return 'export';
  if (name.startsWith('_')) return 'system';
  return isView ? 'view' : 'dataset';
}

/** Reports being computed that a 'workspace-changed' will announce (one event per report). */
const announced = new WeakSet<Promise<unknown>>();

/** Start (or join) the owed report's computation; screens hear 'workspace-changed' when it is in. */
function notifyWhenValidated(ctx: ApiContext): void {
  const report = currentValidationReport(ctx.ws);
  if (announced.has(report)) return;
  announced.add(report);
  // A failure is shown by the next 'workspace/info' (validationFailed).
  report.then(
    () => ctx.emit({ type: 'workspace-changed' }),
    () => ctx.emit({ type: 'workspace-changed' }),
  );
}

export async function workspaceInfo(ctx: ApiContext): Promise<WorkspaceInfo> {
  const { ws, pool } = ctx;
  // Without the view the analyses cannot group people: say why among the workspace's findings.
  const attributesProblem = await ensurePersonAttributesView(ws).then(
    () => undefined,
    (e: unknown) => `The PersonAttributes view could not be created, so analyses cannot group people: ${toErrorData(e).message}`,
  );
  const relations = await pool.query(
    `SELECT table_name AS name, false AS is_view FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main'
     UNION ALL
     SELECT view_name, true FROM duckdb_views() WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
     ORDER BY name`,
  );
  const columns = await pool.query(
    `SELECT table_name AS t, column_name AS c, data_type AS type FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' ORDER BY table_name, column_index`,
  );
  const colsByTable = new Map<string, Column[]>();
  for (const r of columns.rows) colsByTable.set(String(r.t), [...(colsByTable.get(String(r.t)) ?? []), { name: String(r.c), type: String(r.type) }]);
  const status = validationStatus(ws);
  // After a failure it is not restarted here (each retry's event would ask again): the next open tries.
  if (status.state === 'computing' && !status.failed) notifyWhenValidated(ctx);
  const validation = new Map((ws.manifest.validation?.tables ?? []).map((t) => [t.table as string, t]));
  const tables: TableSummary[] = [];
  for (const r of relations.rows) {
    const name = String(r.name);
    if (HIDDEN.test(name)) continue;
    const kind = tableKind(name, r.is_view === true);
    // A table that cannot be counted (a view over a dropped table) is shown as unknown, with why.
    const counted = await ctx.grid.resolve({ kind: 'table', name }).then((src) => ctx.grid.count(src, undefined)).then(
      (rows) => ({ rows }),
      (e: unknown) => ({ rows: null, rowsUnknown: toErrorData(e).message }),
    );
    const v = validation.get(name);
    const record = ws.manifest.tables[name as TableName];
    tables.push({
      name,
      kind,
      ...counted,
      columns: colsByTable.get(name) ?? [],
      dateRange: v?.dateRange,
      rejected: record?.rejected ?? v?.rejected,
      ...(record?.missingColumns?.length ? { missingColumns: record.missingColumns } : {}),
    });
  }
  const order = (t: TableSummary) => (t.kind === 'export' ? TABLE_NAMES.indexOf(t.name as TableName) : 100 + ['dataset', 'view', 'system'].indexOf(t.kind));
  tables.sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
  return {
    name: ctx.workspaceName(),
    ...(ctx.workspaceId ? { id: ctx.workspaceId } : {}),
    dir: ws.dir,
    ...(readSyncState(ws)?.lastSync ? { lastSync: readSyncState(ws)!.lastSync } : {}),
    minGroupSize: ws.manifest.settings.minGroupSize,
    tables,
    validation: status.state,
    ...(status.state === 'computing' && status.failed ? { validationFailed: status.failed } : {}),
    issues: [...(ws.manifest.validation?.issues ?? []), ...(attributesProblem ? [attributesProblem] : [])],
    disabled: (ws.manifest.validation?.disabled ?? []).map(({ kind, label, missing }) => ({ kind, label, missing })),
    isDemo: ctx.isDemo,
    interrupted: ws.interrupted,
  };
}

export const workspaceHandlers: Handlers<'workspace/info' | 'workspace/setMinGroupSize' | 'datasets/rejects'> = {
  'workspace/info': async (_req, ctx) => workspaceInfo(ctx),

  'workspace/setMinGroupSize': async (req, ctx) => {
    const n = checkMinGroupSize(req?.minGroupSize);
    ctx.ws.manifest.settings.minGroupSize = n;
    ctx.ws.saveManifest();
    // Open analyses show the threshold: let them re-run.
    ctx.emit({ type: 'workspace-changed' });
    return workspaceInfo(ctx);
  },

  'datasets/rejects': async (req, ctx) => {
    const { offset, limit } = req;
    const exists = await ctx.pool.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ?`, [REJECTS_TABLE]);
    if (Number(exists.rows[0].n) === 0) return { rows: [], total: 0 };
    const where = req.table ? 'WHERE table_name = ?' : '';
    const params = req.table ? [req.table] : [];
    const total = Number((await ctx.pool.query(`SELECT count(*) AS n FROM ${ident(REJECTS_TABLE)} ${where}`, params)).rows[0].n);
    const rows = (
      await ctx.pool.query(
        `SELECT table_name, file, line, column_name, error_type, reason, csv_line
         FROM ${ident(REJECTS_TABLE)} ${where} ORDER BY table_name, file, line LIMIT ${limit} OFFSET ${offset}`,
        params,
      )
    ).rows;
    return { rows, total };
  },
};
