/** Types for build-electron.mjs (plain JavaScript so that start.mjs runs without tsx). */
export function buildElectron(options?: { quiet?: boolean }): Promise<string>;
