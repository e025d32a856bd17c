/** Every CLI command, in the order `--help` lists them. Add a command by importing it here. */
import type { Command } from '../command.js';
import { demoCommand } from './demo.js';
import { ingestCommand } from './ingest.js';
import { syncCommand } from './sync.js';
import { validateCommand } from './validate.js';
import { queryCommand } from './query.js';
import { analyzeCommand } from './analyze.js';
import { importCommand } from './import.js';
import { joinCommand } from './join.js';
import { auditCommand } from './audit.js';
import { exportCommand } from './export.js';

export const COMMANDS: Command[] = [demoCommand, ingestCommand, syncCommand, validateCommand, queryCommand, analyzeCommand, importCommand, joinCommand, auditCommand, exportCommand];
