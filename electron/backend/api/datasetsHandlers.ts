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
import { withUserFacingPaths } from './datasets/userFacingPaths.js';

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

/** The JSON options of a request as the importer takes them (their shape was checked at the boundary). */
function importOptions(options: ImportFileOptions | undefined): Omit<ImportOptions, 'name'> {
  const { headerRow, delimiter, encoding, sheet, types, previewRows } = options ?? {};
  return { headerRow, delimiter, encoding, sheet, types: types && { ...types }, previewRows };
}

function joinSpec(req: JoinSpecInput) {
  return normaliseJoinSpec({
    name: req.name,
    dataset: req.dataset,
    datasetKey: req.datasetKey,
    exportKey: req.exportKey,
    hash: req.hash ? { salt: req.hash.salt, keepDomain: req.hash.keepDomain } : undefined,
    asOf: req.asOf,
    columns: req.columns,
  });
}

type DatasetCalls = 'datasets/preview' | 'datasets/import' | 'datasets/list' | 'datasets/remove' | 'joins/preview' | 'joins/save' | 'joins/list' | 'joins/remove';

export const datasetsHandlers: Handlers<DatasetCalls> = {
  'datasets/preview': async (req, ctx) => {
    const source = await userFile(req.path, ctx.ws.dir);
    const options = importOptions(req.options);
    const name = req.name === undefined || req.name.trim() === '' ? undefined : checkDatasetName(req.name.trim());
    const { path, copied } = await copyIntoImports(ctx.ws.dir, source, { preview: true });
    try {
      const p: ImportPreviewInfo = await withUserFacingPaths(sandboxClear(previewImport(ctx.ws, path, { ...options, name }), source), ctx.ws.dir);
      // Show the file the user picked, not the scratch copy.
      return { ...p, file: source };
    } finally {
      if (copied) await removeOwnCopy(ctx.ws.dir, path);
    }
  },

  'datasets/import': async (req, ctx) => {
    const source = await userFile(req.path, ctx.ws.dir);
    const name = checkDatasetName(req.name.trim());
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
          const r: ImportResultInfo = await withUserFacingPaths(sandboxClear(importDataset(ctx.ws, path, { ...options, name, signal: job.signal }), source), ctx.ws.dir);
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
    const name = req.name.trim();
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
    const r = await removeJoin(ctx.ws, req.name.trim());
    await ctx.workspaceChanged();
    return r;
  },
};
