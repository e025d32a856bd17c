// Where the Electron binary is, without triggering the `electron` package's download on require
// (these machines have no internet: requiring it would try, wait, and fail).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @returns {{ path: string } | { reason: string }} */
export function findElectronBinary() {
  const pkgDir = join(root, 'node_modules', 'electron');
  if (!existsSync(pkgDir)) return { reason: 'the electron package is not installed' };
  const pathFile = join(pkgDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : undefined;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidates = [relative, 'electron', 'electron.exe', 'Electron.app/Contents/MacOS/Electron'].filter(Boolean).map((r) => join(override, r));
    const found = candidates.find((c) => existsSync(c));
    return found ? { path: found } : { reason: `ELECTRON_OVERRIDE_DIST_PATH=${override} holds no Electron executable` };
  }
  if (!relative) return { reason: 'its binary was never downloaded: node_modules/electron/path.txt is missing and the download needs internet access' };
  const binary = join(pkgDir, 'dist', relative);
  return existsSync(binary) ? { path: binary } : { reason: `${binary} is missing` };
}
