/** 'analyses/*': the catalogue, and running an analysis through the privacy guard. */
import type { AnalysisSummary } from '../../../shared/api/contract.js';
import { ANALYSES } from '../../../shared/analyses/catalogue.js';
import { AppError } from '../../../shared/errors.js';
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
    const attributes = await groupableAttributes(ctx.ws).catch(() => []);
    return { analyses, attributes };
  },

  'analyses/run': async (req, ctx) => {
    if (typeof req?.id !== 'string') throw new AppError({ code: 'analysis/bad-request', message: 'Which analysis? No id given.', where: { field: 'id' } });
    const params = req.params ?? {};
    if (typeof params !== 'object' || Array.isArray(params)) throw new AppError({ code: 'analysis/bad-request', message: 'params must be an object.', where: { field: 'params' } });
    const r = await runAnalysis(ctx.ws, req.id, { params, minGroupSize: req.minGroupSize });
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
