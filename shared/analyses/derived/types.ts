import type { TableName } from '../../schema/exportSchema.js';
import type { DerivedName } from './names.js';
import type { SourceResolver } from './sources.js';

export interface DerivedTable {
  name: DerivedName;
  description: string;
  dependsOn: DerivedName[];
  /** Export tables read (missing ones read as empty). */
  sources: TableName[];
  /** The SELECT that fills the table. */
  sql(src: SourceResolver): string;
}
