/**
 * Errors about a file the user imports name that file, not the app's own copies of it: an upload
 * lands in imports/.uploads/<random>/<name> and a picked file is copied into imports/, and neither
 * path means anything to the person who chose "sales.xlsx".
 */
import { basename, join } from 'node:path';
import { AppError, toErrorData } from '../../../../shared/errors.js';

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every path under the workspace's imports/ folder shortened to the file's name. */
export function hideImportPaths(text: string, workspaceDir: string): string {
  const importsDir = join(workspaceDir, 'imports');
  return text.replace(new RegExp(`${escapeRegExp(importsDir)}[\\\\/][^\\s'"\`,;:)]*`, 'g'), (p) => basename(p));
}

/** Run `work`; a failure is rethrown with import paths shortened in its message, hint and file. */
export async function withUserFacingPaths<T>(work: Promise<T>, workspaceDir: string): Promise<T> {
  try {
    return await work;
  } catch (e) {
    const data = toErrorData(e);
    if (data.code === 'cancelled') throw e;
    const file = data.where?.file;
    throw new AppError({
      ...data,
      message: hideImportPaths(data.message, workspaceDir),
      ...(data.hint ? { hint: hideImportPaths(data.hint, workspaceDir) } : {}),
      ...(data.where ? { where: { ...data.where, ...(typeof file === 'string' ? { file: hideImportPaths(file, workspaceDir) } : {}) } } : {}),
    });
  }
}
