/**
 * After an ingest or sync: build the derived tables every analysis reads, so the first analysis
 * answers in seconds instead of scanning the participant tables. `--no-prepare` skips it; the
 * tables are then built on first use.
 */
import type { CliIO, OptionSpec, ParsedArgs } from './command.js';
import { boolOpt } from './command.js';
import { ensureDerived } from '../backend/analyses/derivedTables.js';
import { DERIVED_NAMES } from '../../shared/analyses/derived/names.js';
import type { Workspace } from '../backend/workspace/workspace.js';

export const NO_PREPARE_OPTION: OptionSpec = {
  name: 'no-prepare',
  kind: 'boolean',
  description: 'Do not build the analysis tables now (the first analysis builds what it needs).',
};

export async function prepareAnalysesAfterIngest(ws: Workspace, args: ParsedArgs, io: CliIO): Promise<void> {
  if (boolOpt(args, 'no-prepare')) return;
  const started = performance.now();
  if (io.stderr.isTTY) io.stderr.write('preparing analysis tables…\n');
  const status = await ensureDerived(ws, DERIVED_NAMES);
  if (status.built.length) io.stdout.write(`Prepared ${status.built.length} analysis tables in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
}
