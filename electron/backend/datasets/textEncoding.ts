/**
 * Text encodings of user CSV files. DuckDB reads UTF-8 only (its latin-1 mode is not Windows-1252,
 * which is what Excel writes on Western Windows), so any other encoding — and gzip — is converted to
 * a UTF-8 temporary file first, streaming, so file size does not matter.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../../shared/errors.js';
import { CheckedWriter } from '../files/checkedWriter.js';

/** Encodings a file can be read in; `latin1` is read as Windows-1252, its superset, as browsers do. */
export type TextEncodingName = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type EncodingChoice = TextEncodingName | 'utf-16' | 'auto';

const ALIASES: Record<string, EncodingChoice> = {
  auto: 'auto',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  latin1: 'windows-1252',
  'latin-1': 'windows-1252',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
  ansi: 'windows-1252',
  'utf-16': 'utf-16',
  utf16: 'utf-16',
  'utf-16le': 'utf-16le',
  utf16le: 'utf-16le',
  'utf-16be': 'utf-16be',
  utf16be: 'utf-16be',
};

export function parseEncodingChoice(value: string | undefined): EncodingChoice {
  if (value === undefined || value === '') return 'auto';
  const e = ALIASES[value.trim().toLowerCase()];
  if (!e) {
    throw new AppError({
      code: 'import/bad-encoding-option',
      message: `Unknown encoding "${value}".`,
      hint: 'Use auto, utf-8, latin1 (Windows-1252) or utf-16.',
      where: { field: 'encoding' },
    });
  }
  return e;
}

/** The first bytes of a file, decompressed when it is gzip. */
export async function readHeadBytes(path: string, gzip: boolean, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  const source = createReadStream(path, gzip ? {} : { end: maxBytes - 1 });
  const stream = gzip ? source.pipe(createGunzip()) : source;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= maxBytes) break;
    }
  } catch (e) {
    throw new AppError({ code: 'import/bad-file', message: `Could not read ${path}: ${e instanceof Error ? e.message : String(e)}`, hint: 'The file may be damaged; export it again.', where: { file: path } });
  } finally {
    source.destroy();
  }
  return Buffer.concat(chunks).subarray(0, maxBytes);
}

export interface EncodingDecision {
  encoding: TextEncodingName;
  /** Why this encoding, in words, when it was not the plain UTF-8 default. */
  note?: string;
}

function utf16Order(head: Buffer): 'utf-16le' | 'utf-16be' | undefined {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  let evenZeros = 0;
  let oddZeros = 0;
  const n = Math.min(head.length, 4096) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  // ASCII text in UTF-16 has a zero in every other byte.
  if (oddZeros > n / 2 / 3 && oddZeros > evenZeros * 4) return 'utf-16le';
  if (evenZeros > n / 2 / 3 && evenZeros > oddZeros * 4) return 'utf-16be';
  return undefined;
}

/** The 1-based line holding the first byte that is not valid UTF-8 in `bytes`, or undefined. */
export function firstInvalidUtf8Line(bytes: Buffer): number | undefined {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    decoder.decode(bytes, { stream: true });
    return undefined;
  } catch {
    // Bisect to the shortest prefix that fails: decoding stops at the first bad sequence.
    let lo = 0;
    let hi = bytes.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
        lo = mid;
      } catch {
        hi = mid;
      }
    }
    let line = 1;
    for (let i = 0; i < lo; i++) if (bytes[i] === 0x0a) line++;
    return line;
  }
}

/** Decide the encoding from the head of the file and the user's choice. */
export function decideEncoding(head: Buffer, choice: EncodingChoice): EncodingDecision {
  if (choice === 'utf-16') return { encoding: utf16Order(head) ?? 'utf-16le' };
  if (choice !== 'auto') return { encoding: choice };
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8' };
  const order = utf16Order(head);
  if (order) return { encoding: order, note: `Read as ${order === 'utf-16le' ? 'UTF-16 (little-endian)' : 'UTF-16 (big-endian)'}.` };
  const bad = firstInvalidUtf8Line(head);
  if (bad !== undefined) return { encoding: 'windows-1252', note: `Line ${bad} is not valid UTF-8, so the file was read as Windows-1252 (Latin-1). Choose another encoding if accented letters look wrong.` };
  return { encoding: 'utf-8' };
}

export function decodeText(bytes: Buffer, encoding: TextEncodingName): string {
  // Not fatal: the head may end in the middle of a character; bad bytes show as U+FFFD in a preview.
  return new TextDecoder(encoding).decode(bytes, { stream: true });
}

/** Stream `src` (gzip-decompressed when asked) through a decoder into a UTF-8 file at `dest`. */
export async function convertToUtf8(src: string, dest: string, encoding: TextEncodingName, gzip: boolean, signal?: AbortSignal): Promise<void> {
  const source = createReadStream(src, { highWaterMark: 1 << 20 });
  const input = gzip ? source.pipe(createGunzip()) : source;
  const out = new CheckedWriter(dest);
  const decoder = new TextDecoder(encoding, { fatal: encoding === 'utf-8' });
  let line = 1;
  let failed = false;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      if (signal?.aborted) throw new AppError({ code: 'cancelled', message: 'Import cancelled; nothing was changed.' });
      let text: string;
      try {
        text = decoder.decode(chunk, { stream: true });
      } catch {
        throw new AppError({
          code: 'import/bad-encoding',
          message: `${src} is not valid UTF-8 (near line ${line + (firstInvalidUtf8Line(chunk) ?? 1) - 1}).`,
          hint: 'Import it with encoding latin1 (Windows-1252) or utf-16, or save it as "CSV UTF-8" from Excel.',
          where: { file: src, line: line + (firstInvalidUtf8Line(chunk) ?? 1) - 1 },
        });
      }
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) line++;
      await out.write(text);
    }
    const rest = decoder.decode();
    if (rest) await out.write(rest);
  } catch (e) {
    failed = true;
    if (e instanceof AppError) throw e;
    throw new AppError({ code: 'import/bad-file', message: `Could not read ${src}: ${e instanceof Error ? e.message : String(e)}`, hint: 'The file may be damaged or truncated; export it again.', where: { file: src } });
  } finally {
    source.destroy();
    // A failure above is the one to report; otherwise a failed write is, never a shorter copy.
    const writeError = await out.end();
    if (writeError && !failed) throw writeError; // eslint-disable-line no-unsafe-finally
  }
}
