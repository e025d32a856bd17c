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
import type { Workspace } from '../workspace/workspace.js';
import { computeValidationReport, type ValidationReport } from './validationReport.js';

/** Inside an ingest's swap transaction: the old report goes, the new one is owed. */
export function markValidationPending(ws: Workspace): void {
  delete ws.manifest.validation;
  ws.manifest.validationPending = randomUUID();
}

/** One computation per owed report (workspace folder + token), however many ask for it. */
const inFlight = new Map<string, Promise<ValidationReport | undefined>>();
/** The last failure of an owed report, so the app can say why it is still missing. */
const failures = new Map<string, string>();

const SUPERSEDED = 'validation/superseded';

/**
 * The workspace's report, computed and committed first when one is owed; undefined when no export
 * was ever loaded. Never the report of an earlier ingest.
 */
export function currentValidationReport(ws: Workspace): Promise<ValidationReport | undefined> {
  const token = ws.manifest.validationPending;
  if (token === undefined) return Promise.resolve(ws.manifest.validation);
  const key = `${ws.dir}|${token}`;
  let p = inFlight.get(key);
  if (!p) {
    p = computeOwed(ws, token).then(
      (report) => (failures.delete(key), report),
      (e: unknown) => {
        // A newer ingest committed meanwhile: its report is the current one.
        if (e instanceof AppError && e.code === SUPERSEDED && ws.manifest.validationPending !== token) return currentValidationReport(ws);
        failures.set(key, toErrorData(e).message);
        throw e;
      },
    );
    const mine = p;
    inFlight.set(key, p);
    ws.track(p);
    void p.finally(() => inFlight.get(key) === mine && inFlight.delete(key)).catch(() => undefined);
  }
  return p;
}

/** What a reader that must not wait shows: the report, "computing", or why the last try failed. */
export function validationStatus(ws: Workspace): { state: 'ready' | 'none' } | { state: 'computing'; failed?: string } {
  const token = ws.manifest.validationPending;
  if (token === undefined) return { state: ws.manifest.validation ? 'ready' : 'none' };
  const key = `${ws.dir}|${token}`;
  return inFlight.has(key) || !failures.has(key) ? { state: 'computing' } : { state: 'computing', failed: failures.get(key) };
}

async function computeOwed(ws: Workspace, token: string): Promise<ValidationReport> {
  await using db = await ws.connect();
  const superseded = () => new AppError({ code: SUPERSEDED, message: 'A newer ingest replaced the tables this report was for.' });
  const state = await readCommittedState(db);
  if (state?.sections.validationPending !== token) throw superseded();
  // Not in one transaction: an open transaction would make the next ingest's CHECKPOINT fail. Only
  // an ingest changes the export tables, and one that commits meanwhile changes the token, so the
  // check in the commit below drops a report that read any of its tables.
  const report = await computeValidationReport(db, { ...ws.manifest, tables: state.sections.tables });
  await commitWithManifest(ws, db, async () => {
    if ((await readCommittedState(db))?.sections.validationPending !== token) throw superseded();
    ws.manifest.validation = report;
    delete ws.manifest.validationPending;
  });
  ws.saveManifest();
  return report;
}
