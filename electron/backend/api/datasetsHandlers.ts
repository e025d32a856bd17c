/**
 * 'datasets/*' and 'joins/*': import a user's file, list and remove datasets, preview, save, list
 * and remove joins.
 *
 * The app's DuckDB may only read inside the workspace (raw/, exports/, imports/), so a file the user
 * picked anywhere is first copied into imports/ and read from there. Imports run as jobs.
 */
import type { DatasetInfo, ImportFileOptions, ImportPreviewInfo, ImportResultInfo, JoinInfo, JoinPreviewInfo, JoinSpecInput, Json, SaveJoinResultInfo } from '../../../shared/api/contract.js';
import { AppError } from '../../../shared/errors.js';
import { checkDatasetName } from '../datasets/datasetRegistry.js';
import { importDataset, listDatasets, previewImport, removeDataset, type ImportOptions } from '../datasets/importDataset.js';
import { previewJoin } from '../datasets/previewJoin.js';
import { listJoins, normaliseJoinSpec, removeJoin, saveJoin } from '../datasets/saveJoin.js';
import type { Handlers } from './apiContext.js';
import { copyIntoImports, discardCopy, isOwnCopy, keepCopy, removeOwnCopy, userFile } from './datasets/importFiles.js';

/**
 * XLSX sheets and non-UTF-8 text are converted through a scratch file under `imports/`, which the
 * sandboxed database may read. Should a read outside the sandbox still be attempted, say so
 * plainly instead of DuckDB's permission error.
 */
async function sandboxClear<T>(work: Promise<T>, file: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    if (!/file system operations are disabled/i.test(text)) throw e;
    throw new AppError({
      code: 'import/sandbox-scratch',
      message: `${file.split(/[\\/]/).at(-1) ?? file} needs converting (an Excel sheet, or text that is not UTF-8), and the app cannot yet read the converted copy from inside its sandbox.`,
      hint: 'Save the file as CSV in UTF-8 and import that, or import it with the command line (wpa-explorer import).',
      where: { file },
    });
  }
}

function badRequest(message: string, field: string): AppError {
  return new AppError({ code: 'import/bad-request', message, where: { field } });
}

/** The JSON options of a request as the importer takes them. */
function importOptions(options: ImportFileOptions | undefined): Omit<ImportOptions, 'name'> {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw badRequest('options must be an object.', 'options');
  const out: Omit<ImportOptions, 'name'> = {};
  if (options.headerRow !== undefined) {
    if (!Number.isInteger(options.headerRow) || options.headerRow < 0) throw badRequest(`The header row must be a whole number (0 when the file has none), got ${String(options.headerRow)}.`, 'headerRow');
    out.headerRow = options.headerRow;
  }
  for (const key of ['delimiter', 'encoding', 'sheet'] as const) {
    const v = options[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') throw badRequest(`${key} must be text.`, key);
    out[key] = v;
  }
  if (options.types !== undefined) {
    if (typeof options.types !== 'object' || options.types === null || Array.isArray(options.types)) throw badRequest('types must map column names to type names.', 'types');
    for (const [col, t] of Object.entries(options.types)) if (typeof t !== 'string') throw badRequest(`The type for column "${col}" must be text, e.g. "integer" or "date:%d/%m/%Y".`, 'types');
    out.types = { ...options.types };
  }
  if (options.previewRows !== undefined) {
    if (!Number.isInteger(options.previewRows) || options.previewRows < 0 || options.previewRows > 1000) throw badRequest('previewRows must be a whole number from 0 to 1000.', 'previewRows');
    out.previewRows = options.previewRows;
  }
  return out;
}

function joinSpec(req: JoinSpecInput) {
  if (!req || typeof req !== 'object') throw new AppError({ code: 'join/bad-request', message: 'No join given.' });
  for (const key of ['dataset', 'datasetKey', 'exportKey'] as const) {
    if (typeof req[key] !== 'string' || req[key].trim() === '') throw new AppError({ code: 'join/bad-request', message: `The join needs ${key === 'dataset' ? 'a dataset' : `a ${key}`}.`, where: { field: key } });
  }
  if (req.name !== undefined && typeof req.name !== 'string') throw new AppError({ code: 'join/bad-request', message: 'The join name must be text.', where: { field: 'name' } });
  if (req.hash !== undefined && (typeof req.hash !== 'object' || req.hash === null || typeof req.hash.salt !== 'string')) {
    throw new AppError({ code: 'join/bad-request', message: 'hash needs a salt (text, may be empty) and keepDomain.', where: { field: 'hash' } });
  }
  if (req.asOf !== undefined && (typeof req.asOf !== 'object' || req.asOf === null || typeof req.asOf.start !== 'string' || (req.asOf.end !== undefined && typeof req.asOf.end !== 'string'))) {
    throw new AppError({ code: 'join/bad-request', message: 'asOf needs a start column (and optionally an end column).', where: { field: 'asOf' } });
  }
  if (req.columns !== undefined && (!Array.isArray(req.columns) || req.columns.some((c) => typeof c !== 'string'))) {
    throw new AppError({ code: 'join/bad-request', message: 'columns must be a list of column names.', where: { field: 'columns' } });
  }
  return normaliseJoinSpec({
    name: req.name,
    dataset: req.dataset,
    datasetKey: req.datasetKey,
    exportKey: req.exportKey,
    hash: req.hash ? { salt: req.hash.salt, keepDomain: !!req.hash.keepDomain } : undefined,
    asOf: req.asOf,
    columns: req.columns,
  });
}

function nameOf(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value.trim() === '') throw badRequest('Which one? No name given.', field);
  return value.trim();
}

type DatasetCalls = 'datasets/preview' | 'datasets/import' | 'datasets/list' | 'datasets/remove' | 'joins/preview' | 'joins/save' | 'joins/list' | 'joins/remove';

export const datasetsHandlers: Handlers<DatasetCalls> = {
  'datasets/preview': async (req, ctx) => {
    const source = await userFile(req?.path, ctx.ws.dir);
    const options = importOptions(req.options);
    const name = req.name === undefined || req.name === '' ? undefined : checkDatasetName(nameOf(req.name));
    const { path, copied } = await copyIntoImports(ctx.ws.dir, source, { preview: true });
    try {
      const p: ImportPreviewInfo = await sandboxClear(previewImport(ctx.ws, path, { ...options, name }), source);
      // Show the file the user picked, not the scratch copy.
      return { ...p, file: source };
    } finally {
      if (copied) await removeOwnCopy(ctx.ws.dir, path);
    }
  },

  'datasets/import': async (req, ctx) => {
    const source = await userFile(req?.path, ctx.ws.dir);
    const name = checkDatasetName(nameOf(req.name));
    const options = importOptions(req.options);
    const fileName = source.split(/[\\/]/).at(-1) ?? source;
    const job = ctx.jobs.start({
      kind: 'import',
      title: `Import ${fileName} as ${name}`,
      run: async (job) => {
        job.progress({ percent: 5, message: 'Copying the file into the workspace…' });
        const copy = await copyIntoImports(ctx.ws.dir, source, { preview: false });
        const path = copy.path;
        const previous = listDatasets(ctx.ws).find((d) => d.name.toLowerCase() === name.toLowerCase())?.file;
        try {
          job.progress({ percent: 30, message: 'Reading and checking the file…' });
          const r: ImportResultInfo = await sandboxClear(importDataset(ctx.ws, path, { ...options, name, signal: job.signal }), source);
          if (previous && previous !== path && isOwnCopy(ctx.ws.dir, previous)) await removeOwnCopy(ctx.ws.dir, previous);
          await keepCopy(ctx.ws.dir, copy);
          await ctx.workspaceChanged();
          return r as unknown as Json;
        } catch (e) {
          await discardCopy(ctx.ws.dir, copy);
          throw e;
        }
      },
    });
    return { jobId: job.id };
  },

  'datasets/list': async (_req, ctx) => {
    const datasets: DatasetInfo[] = listDatasets(ctx.ws);
    return { datasets };
  },

  'datasets/remove': async (req, ctx) => {
    const name = nameOf(req?.name);
    if (req.withJoins !== undefined && typeof req.withJoins !== 'boolean') throw badRequest('withJoins must be true or false.', 'withJoins');
    const file = listDatasets(ctx.ws).find((d) => d.name.toLowerCase() === name.toLowerCase())?.file;
    const r = await removeDataset(ctx.ws, name, { withJoins: req.withJoins });
    if (file && isOwnCopy(ctx.ws.dir, file)) await removeOwnCopy(ctx.ws.dir, file);
    await ctx.workspaceChanged();
    return r;
  },

  'joins/preview': async (req, ctx) => {
    const p: JoinPreviewInfo = await previewJoin(ctx.ws, joinSpec(req));
    return p;
  },

  'joins/save': async (req, ctx) => {
    const r: SaveJoinResultInfo = await saveJoin(ctx.ws, joinSpec(req));
    await ctx.workspaceChanged();
    return r;
  },

  'joins/list': async (_req, ctx) => {
    const joins: JoinInfo[] = listJoins(ctx.ws);
    return { joins };
  },

  'joins/remove': async (req, ctx) => {
    const r = await removeJoin(ctx.ws, nameOf(req?.name));
    await ctx.workspaceChanged();
    return r;
  },
};
