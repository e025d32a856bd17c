/**
 * What kind of file the user picked, from its first bytes (an extension can lie: a CSV saved as
 * .xlsx, a workbook renamed .csv). Old binary .xls workbooks are refused with a way out.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { AppError } from '../../../shared/errors.js';
import type { DatasetFormat } from './datasetRegistry.js';

export interface FileKind {
  format: DatasetFormat;
  /** CSV only: the bytes are gzip-compressed. */
  gzip: boolean;
  bytes: number;
}

export function detectFileKindSync(path: string): FileKind {
  if (!existsSync(path)) {
    throw new AppError({ code: 'import/not-found', message: `No file at ${path}`, hint: 'Check the path.', where: { file: path } });
  }
  const info = statSync(path);
  if (!info.isFile()) throw new AppError({ code: 'import/not-a-file', message: `${path} is a folder, not a file.`, hint: 'Pick one CSV, XLSX or Parquet file.', where: { file: path } });
  if (info.size === 0) throw new AppError({ code: 'import/empty-file', message: `${path} is empty.`, hint: 'The file has no bytes; export it again.', where: { file: path } });
  const head = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  const ext = extname(path).toLowerCase();
  if (head.subarray(0, 4).toString('latin1') === 'PAR1') return { format: 'parquet', gzip: false, bytes: info.size };
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) {
    if (ext === '.ods') throw unsupported(path, 'an OpenDocument spreadsheet (.ods)');
    return { format: 'xlsx', gzip: false, bytes: info.size };
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) throw unsupported(path, 'an old binary Excel workbook (.xls)');
  if (head[0] === 0x1f && head[1] === 0x8b) return { format: 'csv', gzip: true, bytes: info.size };
  if (ext === '.xlsx' || ext === '.xlsm' || ext === '.parquet') {
    throw new AppError({
      code: 'import/bad-file',
      message: `${path} is named ${ext} but is not a ${ext === '.parquet' ? 'Parquet' : 'XLSX'} file (its first bytes do not match).`,
      hint: 'The file may be damaged or renamed; open it in its application and save it again.',
      where: { file: path },
    });
  }
  return { format: 'csv', gzip: false, bytes: info.size };
}

function unsupported(path: string, what: string): AppError {
  return new AppError({
    code: 'import/unsupported-format',
    message: `${path} is ${what}, which cannot be read.`,
    hint: 'Open it in Excel (or LibreOffice) and save it as .xlsx or .csv, then import that.',
    where: { file: path },
  });
}
