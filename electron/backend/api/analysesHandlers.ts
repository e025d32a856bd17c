/** 'analyses/*': the catalogue, and running an analysis through the privacy guard as a cancellable job. */
import type { AnalysisRunResult, AnalysisSummary, Json } from '../../../shared/api/contract.js';
import { ANALYSES, findAnalysis } from '../../../shared/analyses/catalogue.js';
import { AppError, toErrorData } from '../../../shared/errors.js';
import { checkMinGroupSize } from '../../../shared/privacy.js';
import { personAttributes, runAnalysis } from '../analyses/runAnalysis.js';
import { demoAnalystFiles, joinedNumericColumns } from '../analyses/joinedColumns.js';
import type { Handlers } from './apiContext.js';

export const analysesHandlers: Handlers<'analyses/list' | 'analyses/run'> = {
  'analyses/list': async (_req, ctx) => {
    const analyses: AnalysisSummary[] = ANALYSES.map((a) => ({
      id: a.id,
      title: a.title,
      question: a.question,
      definition: a.definition,
      params: a.params,
      columns: a.columns,
      chart: a.chart,
      columnsByView: a.columnsByView,
      chartsByView: a.chartsByView,
      relatedColumns: a.relatedColumns,
    }));
    // The catalogue is still worth showing when the attributes cannot be read; the screen says why.
    const analystFiles = demoAnalystFiles(ctx.ws);
    return Promise.all([personAttributes(ctx.ws), joinedNumericColumns(ctx.ws)]).then(
      ([attributes, joinedColumns]) => ({ analyses, attributes: attributes.groupable, auditAttributes: attributes.all, joinedColumns, analystFiles }),
      (e: unknown) => ({ analyses, attributes: [], auditAttributes: [], attributesError: toErrorData(e), joinedColumns: [], analystFiles }),
    );
  },

  'analyses/run': async (req, ctx) => {
    // The request's shape was checked at the boundary (shared/api/requestSchemas.ts).
    const params = req.params ?? {};
    // What can be refused at once is refused by the call, not by a failed job.
    const def = findAnalysis(req.id);
    if (!def) throw new AppError({ code: 'analysis/unknown', message: `No analysis "${req.id}".`, hint: `Available: ${ANALYSES.map((a) => a.id).join(', ')}.` });
    checkMinGroupSize(req.minGroupSize ?? ctx.ws.manifest.settings.minGroupSize);
    const job = ctx.jobs.start({
      kind: 'analysis',
      title: def.title,
      run: async (job) => {
        job.progress({ percent: 5, message: 'Preparing…' });
        const r = await runAnalysis(ctx.ws, req.id, {
          params,
          minGroupSize: req.minGroupSize,
          signal: job.signal,
          onPrepare: (table) => job.progress({ message: `Building the analysis table ${table}…` }),
        });
        return runResult(r) as unknown as Json;
      },
    });
    return { jobId: job.id };
  },
};

function runResult(r: Awaited<ReturnType<typeof runAnalysis>>): AnalysisRunResult {
  return {
    id: r.id,
    title: r.title,
    params: r.params,
    minGroupSize: r.minGroupSize,
    columns: r.columns,
    rows: r.rows,
    suppression: {
      groupsBelow: r.suppression.groupsBelow,
      peopleMerged: r.suppression.peopleMerged,
      otherShown: r.suppression.otherShown,
      groupsTotal: r.suppression.groupsTotal,
      cellsHidden: r.suppression.cellsSuppressed + r.suppression.cellsComplementary,
      cellsSuppressed: r.suppression.cellsSuppressed,
      cellsComplementary: r.suppression.cellsComplementary,
      rowsAllHidden: r.suppression.rowsAllCellsHidden,
      note: r.suppression.note,
      groupsNote: r.suppression.groupsNote,
    },
    sql: r.sql,
    seconds: r.seconds,
    related: Object.fromEntries(Object.entries(r.related).map(([name, t]) => [name, { columns: t.columns, rows: t.rows }])),
    chart: r.chart,
    columnSpecs: r.columnSpecs,
    notes: r.notes,
    ...(r.explanation ? { explanation: r.explanation } : {}),
    maskedColumns: r.maskedColumns,
    preparedSeconds: r.preparedSeconds,
  };
}
