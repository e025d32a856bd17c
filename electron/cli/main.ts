#!/usr/bin/env node
/**
 * `wpa-explorer <command> …`: the scriptable front door to the same backend the app uses.
 *
 * Exit codes: 0 success, 1 a user error (one line on stderr, with a hint), 2 bad usage, 3 an export
 * loaded with gaps (a table or documented column missing, and what it disables named in the report).
 */
import { isAppError, toErrorData, USAGE_ERROR } from '../../shared/errors.js';
import { helpText, parseArgs, type CliIO } from './command.js';
import { COMMANDS } from './commands/index.js';
import { onInterruptedWorkspace } from '../backend/workspace/workspace.js';

function mainHelp(): string {
  const lines = ['Usage: wpa-explorer <command> [options]', '', 'Commands:'];
  for (const c of COMMANDS) lines.push(`  ${c.name.padEnd(12)} ${c.summary}`);
  lines.push('', 'Run "wpa-explorer <command> --help" for a command\'s options.');
  return lines.join('\n') + '\n';
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(mainHelp());
    return name ? 0 : 2;
  }
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`error: unknown command "${name}"\n${mainHelp()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(helpText(cmd));
    return 0;
  }
  // A workspace left by a killed operation says so before the command's own output.
  const stopWarnings = onInterruptedWorkspace((ws) => {
    for (const i of ws.interrupted) io.stderr.write(`warning: ${i.message}\n`);
  });
  try {
    const code = await cmd.run(parseArgs(cmd, rest), io);
    return typeof code === 'number' ? code : 0;
  } catch (e) {
    const data = toErrorData(e);
    if (isAppError(e) && data.code === USAGE_ERROR) {
      io.stderr.write(`error: ${data.message}\n\n${helpText(cmd)}`);
      return 2;
    }
    const where = data.where ? ` [${[data.where.file, data.where.line && `line ${data.where.line}`, data.where.column && `column ${data.where.column}`, data.where.field].filter(Boolean).join(', ')}]` : '';
    io.stderr.write(`error: ${data.message}${where}${data.hint ? ` — hint: ${data.hint}` : ''}\n`);
    if (data.code === 'internal' && process.env.WPA_DEBUG && e instanceof Error) io.stderr.write(`${e.stack}\n`);
    return 1;
  } finally {
    stopWarnings();
  }
}

const isMain = process.argv[1] && /cli[\\/]main\.(ts|js|mjs)$|wpa-explorer(\.mjs)?$/.test(process.argv[1]);
if (isMain) {
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr }).then((code) => {
    process.exitCode = code;
  });
}
