/** `--replace`: the CLI's word that loading an export may replace the tables a workspace holds (see replaceGuard.ts). */
import type { Workspace } from '../backend/workspace/workspace.js';
import { boolOpt, type OptionSpec, type ParsedArgs } from './command.js';

export const REPLACE_OPTION: OptionSpec = {
  name: 'replace',
  kind: 'boolean',
  description: 'Replace the tables the workspace holds when they came from another export (without it such a load is refused, saying what it would replace).',
};

export function replaceConsent(args: ParsedArgs, ws: Workspace): { confirmReplace: boolean; workspaceName: string; howToConfirm: string } {
  return {
    confirmReplace: boolOpt(args, 'replace'),
    // On the command line a workspace is the folder given to --workspace.
    workspaceName: `the workspace ${ws.dir}`,
    howToConfirm: 'Run the command again with --replace to replace them, or give another --workspace folder.',
  };
}
