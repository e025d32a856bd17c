/**
 * Where the CLI takes a SAS URI from. An argument is visible in the process list (`ps`) and kept in
 * shell history, and `npm run` echoes it; standard input, a file or an environment variable are not.
 */
import { readFileSync } from 'node:fs';
import { AppError } from '../../shared/errors.js';
import { stringOpt, usageError, type CliIO, type ParsedArgs } from './command.js';

export const SAS_ENV = 'WPA_SAS_URI';

export const SAS_OPTIONS = [
  { name: 'sas-file', kind: 'string' as const, valueName: 'FILE', description: `Read the SAS URI from FILE (or give "-" as SAS-URI to read standard input, or set ${SAS_ENV}).` },
];

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(String(c)));
  return Buffer.concat(chunks).toString('utf8');
}

/** The SAS URI from `-` (standard input), `--sas-file`, the positional argument (with a warning) or $WPA_SAS_URI. */
export async function readSasInput(args: ParsedArgs, io: CliIO, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const positional = args.positionals[0];
  const file = stringOpt(args, 'sas-file');
  if (positional !== undefined && file !== undefined) throw usageError('give the SAS URI once: as an argument, "-" (standard input) or --sas-file, not both');
  if (positional === '-') return (await readAll(io.stdin ?? process.stdin)).trim();
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').trim();
    } catch (e) {
      throw new AppError({ code: 'sas/file-unreadable', message: `Cannot read the SAS URI file ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, hint: 'Give a file holding the container SAS URI on one line.', where: { file } });
    }
  }
  if (positional !== undefined) {
    io.stderr.write(`warning: a SAS URI given as an argument can be seen by other users in the process list and stays in shell history; pass it with "-" (standard input), --sas-file FILE or ${SAS_ENV}\n`);
    return positional;
  }
  const fromEnv = env[SAS_ENV];
  if (fromEnv) return fromEnv.trim();
  throw usageError(`the SAS URI is missing: give "-" to read it from standard input, --sas-file FILE, or set ${SAS_ENV}`);
}
