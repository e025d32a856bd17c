/** Types for electronBinary.mjs (plain JavaScript so that start.mjs runs without tsx). */
export function findElectronBinary(): { path: string } | { reason: string };
