/** 'analyses/*': the catalogue, and running an analysis through the privacy guard. */
import type { AnalysisSummary } from '../../../shared/api/contract.js';
import { ANALYSES } from '../../../shared/analyses/catalogue.js';
import { toErrorData } from '../../../shared/errors.js';
import { groupableAttributes, runAnalysis } from '../analyses/runAnalysis.js';
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
    return groupableAttributes(ctx.ws).then(
      (attributes) => ({ analyses, attributes }),
      (e: unknown) => ({ analyses, attributes: [], attributesError: toErrorData(e) }),
    );
  },

  'analyses/run': async (req, ctx) => {
    // The request's shape was checked at the boundary (shared/api/requestSchemas.ts).
    const r = await runAnalysis(ctx.ws, req.id, { params: req.params, minGroupSize: req.minGroupSize });
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
        note: r.suppression.note,
      },
      sql: r.sql,
      seconds: r.seconds,
      related: Object.fromEntries(Object.entries(r.related).map(([name, t]) => [name, { columns: t.columns, rows: t.rows }])),
      chart: r.chart,
      columnSpecs: r.columnSpecs,
      notes: r.notes,
      preparedSeconds: r.preparedSeconds,
    };
  },
};
