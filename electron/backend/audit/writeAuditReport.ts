/**
 * Write the audit report to files: self-contained HTML and/or CSV. Each file is written to a
 * temporary name first and renamed, so a reader never sees half a report.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { renderAuditCsv } from '../../../shared/audit/reportCsv.js';
import { renderAuditHtml } from '../../../shared/audit/reportHtml.js';
import type { AuditReport } from '../../../shared/audit/types.js';
import { AppError } from '../../../shared/errors.js';

function writeAtomicallySync(path: string, text: string): string {
  const abs = resolve(path);
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text, 'utf8');
    renameSync(tmp, abs);
  } catch (e) {
    throw new AppError({ code: 'audit/write-failed', message: `Could not write ${abs}: ${e instanceof Error ? e.message : String(e)}`, hint: 'Check the folder exists and is writable.', where: { file: abs } });
  }
  return abs;
}

export function writeAuditReportSync(report: AuditReport, files: { html?: string; csv?: string }): { html?: string; csv?: string } {
  return {
    html: files.html ? writeAtomicallySync(files.html, renderAuditHtml(report)) : undefined,
    // A byte-order mark so Excel opens the CSV as UTF-8.
    csv: files.csv ? writeAtomicallySync(files.csv, `\uFEFF${renderAuditCsv(report)}`) : undefined,
  };
}
