/** Every CLI command, in the order `--help` lists them. Add a command by importing it here. */
import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { ingestCommand } from './ingest.js';
import { validateCommand } from './validate.js';
import { queryCommand } from './query.js';
import { analyzeCommand } from './analyze.js';

export const COMMANDS: Command[] = [demoCommand, ingestCommand, validateCommand, queryCommand, analyzeCommand];
