/**
 * DuckDB's memory limit and threads, from the machine's size, set when the database opens.
 *
 * DuckDB's own default memory limit is 80 % of RAM, which let one ingest or analysis take the
 * machine. The app's default is a quarter of RAM, kept from 512 MiB to 1 GiB; what does not fit
 * spills to the workspace's wpa.duckdb.tmp/ folder (DuckDB's default spill place, inside the
 * workspace). At 1 GiB the 5,000 people × 13 weeks bench (11.5M MailParticipants rows) builds every
 * analysis table with a peak RSS of 1.43 GB, against 3.0 GB at 4 GiB (December 2026): the process
 * stays within the 1.5 GB an analyst's laptop can spare beside Excel and a browser. Threads: one per core the process may use. WPA_MEMORY_LIMIT (a DuckDB
 * size such as "2GB") and WPA_THREADS override either.
 *
 * Extensions are never loaded on demand: the app needs none beyond those built in, and loading
 * one from the user's extension folder would give SQL functions the gate does not know.
 */
import { availableParallelism, totalmem } from 'node:os';
import { AppError } from '../../../shared/errors.js';
import type { Sql } from './engine.js';

const MiB = 1024 * 1024;
const CAP = 1024 * MiB;
const FLOOR = 512 * MiB;

export interface Machine {
  totalMemory: number;
  cores: number;
}

export interface EngineSettings {
  /** As DuckDB takes it, e.g. "1024MiB". */
  memoryLimit: string;
  threads: number;
}

export function engineSettings(env: NodeJS.ProcessEnv = process.env, machine: Machine = { totalMemory: totalmem(), cores: availableParallelism() }): EngineSettings {
  const memory = env.WPA_MEMORY_LIMIT?.trim();
  if (memory !== undefined && memory !== '' && !/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new AppError({ code: 'settings/bad-memory-limit', message: `WPA_MEMORY_LIMIT must be a size such as 2GB or 512MiB, got "${memory}".`, hint: 'Unset it to let the app choose from the machine\'s memory.' });
  }
  const threadsText = env.WPA_THREADS?.trim();
  const threads = threadsText ? Number(threadsText) : Math.max(1, machine.cores);
  if (!Number.isInteger(threads) || threads < 1 || threads > 1024) {
    throw new AppError({ code: 'settings/bad-threads', message: `WPA_THREADS must be a whole number from 1 to 1024, got "${threadsText}".`, hint: 'Unset it to use one thread per core.' });
  }
  const bytes = Math.max(FLOOR, Math.min(CAP, Math.floor(machine.totalMemory / 4)));
  return { memoryLimit: memory || `${Math.floor(bytes / MiB)}MiB`, threads };
}

/** The settings as DuckDB's open-time configuration. */
export function engineConfig(settings: EngineSettings = engineSettings()): Record<string, string> {
  return {
    memory_limit: settings.memoryLimit,
    threads: String(settings.threads),
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    // Memory DuckDB frees goes back to the system from a background thread, and a task that peaked
    // above 32 MiB flushes its allocator (default 128 MiB): the 5,000 × 13 bench's ingest plus every
    // analysis table peaked at 1.47 GB RSS instead of 1.60 GB, same CPU (two runs side by side,
    // December 2026); without it, memory one table freed was still held when the next one grew.
    allocator_background_threads: 'true',
    allocator_flush_threshold: '32MiB',
    // A single allocation above this (a join's or aggregate's hash directory, 65 to 260 MiB at the
    // 20,000 × 26 bench) or a hash table above it being freed hands every freed page back to the
    // system first (DuckDB's default: 512 MiB). Without it, pages the buffer pool had just freed
    // by evicting table blocks stayed resident (jemalloc's 5 s decay) while the large block was
    // mapped anew: the full-size ingest's validation report peaked 650 MB above what DuckDB
    // counted. Side by side under load (December 2026): ingest 1,387 MB instead of 1,495 MB at the
    // same CPU (286 s, 282 s); the quarter size's analysis tables 1,251 MB instead of 1,291 MB.
    allocator_bulk_deallocation_flush_threshold: '32MiB',
  };
}

/**
 * Lock DuckDB's configuration for the life of the instance: no SET, RESET or PRAGMA that changes a
 * setting works afterwards, from any connection (the user's SQL is refused them before that, by
 * the SQL gate). Settings the app needs must be in place before: at open, or per connection
 * before this (the connection pool's progress settings).
 */
export async function lockConfiguration(db: Pick<Sql, 'run'>): Promise<void> {
  await db.run('SET lock_configuration = true');
}

/** Whether the configuration is locked (then a SET would fail: callers skip their tuning). */
export async function configurationLocked(db: Pick<Sql, 'scalar'>): Promise<boolean> {
  return (await db.scalar<boolean>(`SELECT current_setting('lock_configuration')`)) === true;
}
