/** Types for bundleFresh.mjs (plain JavaScript: it runs before anything is compiled). */
export const BUNDLE_DIR: string;
export function bundleStale(entry?: string): boolean;
export function freshBundle(name?: string): Promise<string>;
