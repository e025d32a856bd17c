/** Types for rendererBuild.mjs (plain JavaScript so that start.mjs runs without tsx). */
export function rendererDistDir(): string;
export function ensureRendererBuilt(options?: { force?: boolean }): boolean;
