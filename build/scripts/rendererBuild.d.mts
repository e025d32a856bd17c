/** Types for rendererBuild.mjs (plain JavaScript so that start.mjs runs without tsx). */
export function rendererDistDir(): string;
/** Whether `<base>/renderer/dist` is missing or older than a source under renderer/ or shared/. */
export function rendererStale(base?: string): boolean;
export function ensureRendererBuilt(options?: { force?: boolean }): boolean;
