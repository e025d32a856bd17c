/**
 * What a CLI command is: its name, flags, help text and a run function over parsed arguments.
 */
import { AppError, USAGE_ERROR } from '../../shared/errors.js';

export interface OptionSpec {
  name: string;
  /** 'string' takes a value (`--out DIR`), 'boolean' does not, 'multi' may repeat. */
  kind: 'string' | 'boolean' | 'multi';
  valueName?: string;
  description: string;
  default?: string;
}

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

export interface CliIO {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where `-` reads from (the process's standard input when not given). */
  stdin?: NodeJS.ReadableStream;
}

export interface Command {
  name: string;
  summary: string;
  /** e.g. `demo --out DIR [--people N]` */
  usage: string;
  positionals?: { name: string; required: boolean; description: string; variadic?: boolean }[];
  options: OptionSpec[];
  /** Resolves to the exit code when it is not 0 (e.g. 3: loaded, with gaps). */
  run(args: ParsedArgs, io: CliIO): Promise<void | number>;
}

export function usageError(message: string): AppError {
  return new AppError({ code: USAGE_ERROR, message });
}

/** Parse argv for one command; unknown flags and missing values are usage errors (exit 2). */
export function parseArgs(cmd: Command, argv: string[]): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq === -1 ? undefined : eq);
      const spec = cmd.options.find((o) => o.name === name);
      if (!spec) throw usageError(`unknown option --${name} for "${cmd.name}"`);
      if (spec.kind === 'boolean') {
        if (eq !== -1) throw usageError(`--${name} takes no value`);
        options[name] = true;
        continue;
      }
      let value: string | undefined;
      if (eq !== -1) value = arg.slice(eq + 1);
      else {
        value = argv[i + 1];
        i++;
      }
      if (value === undefined) throw usageError(`--${name} needs a value (${spec.valueName ?? 'VALUE'})`);
      if (spec.kind === 'multi') options[name] = [...((options[name] as string[] | undefined) ?? []), value];
      else options[name] = value;
      continue;
    }
    positionals.push(arg);
  }
  const specs = cmd.positionals ?? [];
  const requiredCount = specs.filter((p) => p.required).length;
  if (positionals.length < requiredCount) {
    throw usageError(`"${cmd.name}" needs ${specs.filter((p) => p.required).map((p) => p.name).join(' ')}`);
  }
  if (!specs.some((p) => p.variadic) && positionals.length > specs.length) {
    throw usageError(`unexpected argument "${positionals[specs.length]}" for "${cmd.name}"`);
  }
  return { positionals, options };
}

export function helpText(cmd: Command): string {
  const lines = [`Usage: wpa-explorer ${cmd.usage}`, '', cmd.summary, ''];
  if (cmd.positionals?.length) {
    lines.push('Arguments:');
    for (const p of cmd.positionals) lines.push(`  ${p.name.padEnd(22)} ${p.description}`);
    lines.push('');
  }
  lines.push('Options:');
  for (const o of cmd.options) {
    const flag = o.kind === 'boolean' ? `--${o.name}` : `--${o.name} ${o.valueName ?? 'VALUE'}`;
    lines.push(`  ${flag.padEnd(22)} ${o.description}${o.default !== undefined ? ` (default: ${o.default})` : ''}`);
  }
  lines.push(`  ${'--help'.padEnd(22)} Show this help.`);
  return lines.join('\n') + '\n';
}

/** Typed accessors that turn a bad value into a usage error naming the flag. */
export function stringOpt(args: ParsedArgs, name: string): string | undefined {
  const v = args.options[name];
  return typeof v === 'string' ? v : undefined;
}

export function requiredOpt(args: ParsedArgs, name: string): string {
  const v = stringOpt(args, name);
  if (v === undefined) throw usageError(`--${name} is required`);
  return v;
}

export function intOpt(args: ParsedArgs, name: string, fallback: number, min = 0): number {
  const v = stringOpt(args, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw usageError(`--${name} must be a whole number ≥ ${min}, got "${v}"`);
  return n;
}

export function boolOpt(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}
