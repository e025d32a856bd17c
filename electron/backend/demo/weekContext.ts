/** What every activity generator of one export week reads and writes. */
import type { TableName } from '../../../shared/schema/exportSchema.js';
import type { CsvFileWriter } from './csvWriter.js';
import type { IdMaker } from './ids.js';
import type { Organisation } from './organisation.js';
import type { PlantedStats } from './plantedStats.js';
import type { TimestampFormatter } from './timestamps.js';
import type { WeekView } from './weekView.js';

export type ExportWriters = Record<TableName, CsvFileWriter>;

export interface WeekContext {
  seed: number;
  org: Organisation;
  view: WeekView;
  time: TimestampFormatter;
  /** Spells the id columns (GUID or opaque). */
  ids: IdMaker;
  out: ExportWriters;
  stats: PlantedStats;
  /** Hand full batches to disk (and wait for it) between units of work; also checks for cancel. */
  checkpoint(): Promise<void>;
}
