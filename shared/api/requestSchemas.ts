/**
 * The runtime shape of every call's request, checked once where calls enter the backend
 * (`apiService`), before any handler runs. Handlers may then trust the types of their request and
 * check only what needs the workspace (does the table exist, is the minimum group size allowed).
 *
 * Typed against the contract: a schema that accepts a different type than `ApiRequest<N>` fails
 * the type check, and `REQUEST_SCHEMAS` must have an entry for every call.
 */
import type { ApiName, ApiRequest } from './contract.js';
import { boolean, either, list, number, object, oneOf, optional, record, scalar, tagged, text, type Schema, type SchemaProblem } from './schema.js';

/** Rows one call returns at most (a grid page, a SQL first page, a page of rejected rows). */
export const MAX_PAGE_ROWS = 10_000;
/** Preview rows an import preview shows at most. */
export const MAX_PREVIEW_ROWS = 1000;

const empty = object({});
const name = text({ nonEmpty: true });

const rowSource = tagged('kind', {
  table: object({ kind: oneOf('table'), name }),
  sql: object({ kind: oneOf('sql'), sql: text() }),
});
const sort = optional(list(object({ column: text(), direction: oneOf('asc', 'desc') })));
/** A range end: a number, or a date as text. */
const bound = optional(either(number(), text()));
const filters = optional(
  list(
    tagged('kind', {
      text: object({ column: text(), kind: oneOf('text'), op: oneOf('contains', 'equals', 'startsWith', 'notContains'), value: text() }),
      number: object({ column: text(), kind: oneOf('number'), op: oneOf('eq', 'ne', 'lt', 'le', 'gt', 'ge'), value: number() }),
      range: object({ column: text(), kind: oneOf('range'), from: bound, to: bound }),
      boolean: object({ column: text(), kind: oneOf('boolean'), value: boolean() }),
      blank: object({ column: text(), kind: oneOf('blank'), blank: boolean() }),
    }),
  ),
);

const importOptions = optional(
  object({
    headerRow: optional(number({ whole: true, min: 0 })),
    delimiter: optional(text()),
    encoding: optional(text()),
    sheet: optional(text()),
    types: optional(record(text())),
    previewRows: optional(number({ whole: true, min: 0, max: MAX_PREVIEW_ROWS })),
  }),
);

const joinSpec = object({
  name: optional(text()),
  dataset: name,
  datasetKey: name,
  exportKey: name,
  hash: optional(object({ salt: text(), keepDomain: boolean() })),
  asOf: optional(object({ start: name, end: optional(text()) })),
  columns: optional(list(text())),
});

export const REQUEST_SCHEMAS: { [N in ApiName]: Schema<ApiRequest<N>> } = {
  'workspace/info': empty,
  // Whole and at least the lowest allowed: the privacy rule says so, with its own hint.
  'workspace/setMinGroupSize': object({ minGroupSize: number() }),
  'datasets/rejects': object({ table: optional(text()), offset: number({ whole: true, min: 0 }), limit: number({ whole: true, min: 1, max: MAX_PAGE_ROWS }) }),
  'grid/rows': object({ source: rowSource, offset: number({ whole: true, min: 0 }), limit: number({ whole: true, min: 1, max: MAX_PAGE_ROWS }), sort, filters }),
  'sql/run': object({ sql: text(), runId: name, limit: optional(number({ whole: true, min: 1, max: MAX_PAGE_ROWS })) }),
  'sql/cancel': object({ runId: text() }),
  'sql/completions': empty,
  'export/start': object({ source: rowSource, format: oneOf('csv', 'parquet', 'xlsx'), sort, filters, fileName: optional(text()), keepFormulas: optional(boolean()) }),
  'export/personQuery': object({ format: oneOf('csv', 'parquet'), fileName: optional(text()), attended: optional(oneOf('accepted', 'not_declined')) }),
  'analyses/list': empty,
  'analyses/run': object({ id: name, params: record(scalar()), minGroupSize: optional(number()) }),
  'connect/check': object({ sasUri: text() }),
  'connect/inventory': object({ sasUri: optional(text()), connectionId: optional(text()) }),
  'connect/sync': object({ connectionId: name, refresh: optional(text()), confirmReplace: optional(boolean()) }),
  'connect/recent': empty,
  'jobs/list': empty,
  'jobs/cancel': object({ jobId: text() }),
  'datasets/preview': object({ path: name, name: optional(text()), options: importOptions }),
  'datasets/import': object({ path: name, name, options: importOptions }),
  'datasets/list': empty,
  'datasets/remove': object({ name, withJoins: optional(boolean()) }),
  'joins/preview': joinSpec,
  'joins/save': joinSpec,
  'joins/list': empty,
  'joins/remove': object({ name }),
  'audit/run': object({ attributes: optional(list(list(text(), { nonEmpty: true }))), minGroupSize: optional(number()) }),
  'audit/last': empty,
  'workspaces/list': empty,
  'workspaces/create': object({ name: text(), open: optional(boolean()) }),
  'workspaces/open': object({ id: optional(name), path: optional(name) }),
  'workspaces/rename': object({ id: name, name: text() }),
  'workspaces/remove': object({ id: name, confirm: optional(boolean()) }),
};

/** The first problem of a request to `call`, or undefined when it fits its schema. */
export function requestProblem(call: ApiName, request: unknown): SchemaProblem | undefined {
  return REQUEST_SCHEMAS[call].check(request, '');
}
