/**
 * The validation report off the ingest's critical path. The ingest commits its tables with the
 * manifest marked "report pending" (a token naming that ingest) and no report, so the previous
 * ingest's report is never shown as current; the report is then computed on a connection of its
 * own and committed on its own (committedState.ts). A process killed before that leaves the mark
 * committed: the next reader that needs the report computes it (`currentValidationReport`).
 */
import { randomUUID } from 'node:crypto';
import { AppError, toErrorData } from '../../../shared/errors.js';
import { commitWithManifest, readCommittedState } from '../workspace/committedState.js';
import type { Sql } from '../engine/engine.js';
import type { Workspace } from '../workspace/workspace.js';
import { computeValidationReport, type ValidationReport } from './validationReport.js';

/** Inside an ingest's swap transaction: the old report goes, the new one is owed. */
export function markValidationPending(ws: Workspace): void {
  delete ws.manifest.validation;
  ws.manifest.validationPending = randomUUID();
}

/** Per open workspace: the owed report being computed (one however many ask), or why it failed. */
const owed = new WeakMap<Workspace, { token: string; computing?: Promise<ValidationReport | undefined>; failed?: string }>();

const SUPERSEDED = 'validation/superseded';

/**
 * The workspace's report, computed and committed first when one is owed; undefined when no export
 * was ever loaded. Never the report of an earlier ingest.
 */
export function currentValidationReport(ws: Workspace): Promise<ValidationReport | undefined> {
  const token = ws.manifest.validationPending;
  if (token === undefined) return Promise.resolve(ws.manifest.validation);
  const known = owed.get(ws);
  if (known?.token === token && known.computing) return known.computing;
  const entry: { token: string; computing?: Promise<ValidationReport | undefined>; failed?: string } = { token };
  owed.set(ws, entry);
  const computing = computeOwed(ws, token).then(
    (report) => report,
    (e: unknown) => {
      // A newer ingest committed meanwhile: its report is the current one.
      if (e instanceof AppError && e.code === SUPERSEDED && ws.manifest.validationPending !== token) return currentValidationReport(ws);
      entry.failed = toErrorData(e).message;
      throw e;
    },
  );
  entry.computing = computing;
  ws.track(computing);
  void computing.finally(() => delete entry.computing).catch(() => undefined);
  return computing;
}

/** What a reader that must not wait shows: the report, "computing", or why the last try failed. */
export function validationStatus(ws: Workspace): { state: 'ready' | 'none' } | { state: 'computing'; failed?: string } {
  const token = ws.manifest.validationPending;
  if (token === undefined) return { state: ws.manifest.validation ? 'ready' : 'none' };
  const known = owed.get(ws);
  return known?.token === token && !known.computing && known.failed ? { state: 'computing', failed: known.failed } : { state: 'computing' };
}

/**
 * Stop at the next statement once the workspace is closed: closing interrupts only the statement
 * running, and the report must not go on (or reopen the database) behind its owner's back. It
 * stays owed, and is computed when next asked.
 */
function whileOpen(ws: Workspace): void {
  if (ws.closed) throw new AppError({ code: 'workspace/closed', message: 'The workspace was closed before its validation report was committed; it is computed when next asked.' });
}

function guarded(ws: Workspace, db: Sql): Sql {
  return {
    run: (sql, params) => (whileOpen(ws), db.run(sql, params)),
    query: (sql, params) => (whileOpen(ws), db.query(sql, params)),
    scalar: (sql, params) => (whileOpen(ws), db.scalar(sql, params)),
  };
}

async function computeOwed(ws: Workspace, token: string): Promise<ValidationReport> {
  whileOpen(ws);
  await using db = await ws.connect();
  const superseded = () => new AppError({ code: SUPERSEDED, message: 'A newer ingest replaced the tables this report was for.' });
  const state = await readCommittedState(db);
  if (state?.sections.validationPending !== token) throw superseded();
  // Not in one transaction: an open transaction would make the next ingest's CHECKPOINT fail. Only
  // an ingest changes the export tables, and one that commits meanwhile changes the token, so the
  // check in the commit below drops a report that read any of its tables.
  const report = await computeValidationReport(guarded(ws, db), { ...ws.manifest, tables: state.sections.tables });
  whileOpen(ws);
  await commitWithManifest(ws, db, async () => {
    whileOpen(ws);
    if ((await readCommittedState(db))?.sections.validationPending !== token) throw superseded();
    ws.manifest.validation = report;
    delete ws.manifest.validationPending;
  });
  ws.saveManifest();
  return report;
}
