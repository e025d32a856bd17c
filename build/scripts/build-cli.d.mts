/** Types for build-cli.mjs (plain JavaScript so that the `wpa-explorer` launcher runs without tsx). */
export const CLI_OUT: string;
export const CLI_ENTRY: string;
export const CLI_INPUTS: string;
export function buildCli(options?: { quiet?: boolean }): Promise<string>;
