/**
 * Id values of the demo export. The documents give every id as a string: tenants see GUIDs, but also
 * Exchange-style opaque ids. Both forms draw the same four 32-bit numbers from the caller's stream,
 * so an `opaque` export is the `guid` export with only its id values spelled differently.
 */
import type { KeyDomain } from '../../../shared/schema/exportSchema.js';
import { hashKey, Random } from './prng.js';

export type DemoIdFormat = 'guid' | 'opaque';
export const ID_FORMATS: readonly DemoIdFormat[] = ['guid', 'opaque'];

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url of whole 3-byte groups (no padding). */
function base64url(bytes: readonly number[]): string {
  let s = '';
  for (let i = 0; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    s += B64URL[(n >>> 18) & 63] + B64URL[(n >>> 12) & 63] + B64URL[(n >>> 6) & 63] + B64URL[n & 63];
  }
  return s;
}

/** Item-type byte of the Exchange-style header (`AAMkA…` for mail items, `AAQkA…` for conversations). */
const KIND_BYTE: Record<KeyDomain, number> = {
  MailId: 0x03,
  ConversationId: 0x04,
  MeetingId: 0x05,
  CallRecordId: 0x06,
  InstantMessageId: 0x07,
  PersonHistoricalId: 0x08,
};

/**
 * Makes the id of every id column. Opaque ids are 48 base64url characters: a 4-byte header naming the
 * kind of item, a 17-byte mailbox/tenant part fixed per seed and kind (the shared prefix real
 * Exchange ids have), and 15 bytes drawn per id.
 */
export class IdMaker {
  private readonly prefixes: Record<KeyDomain, string>;

  constructor(
    readonly format: DemoIdFormat,
    seed: number,
  ) {
    this.prefixes = {} as Record<KeyDomain, string>;
    for (const kind of Object.keys(KIND_BYTE) as KeyDomain[]) {
      const r = new Random(seed, 'opaque-id-prefix', kind);
      const bytes = [0x00, KIND_BYTE[kind], 0x24, 0x00];
      for (let i = 0; i < 17; i++) bytes.push(r.u32() & 255);
      this.prefixes[kind] = base64url(bytes);
    }
  }

  /** A new id of `kind`, drawn from `rng` (always four 32-bit draws, whatever the format). */
  next(rng: Random, kind: KeyDomain): string {
    if (this.format === 'guid') return rng.guid();
    const words = [rng.u32(), rng.u32(), rng.u32(), rng.u32()];
    const bytes = words.flatMap((w) => [w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]);
    // 15 of the 16 drawn bytes: five whole base64 groups after the 21-byte prefix.
    return this.prefixes[kind] + base64url(bytes.slice(0, 15));
  }
}

/**
 * An Outlook-style iCalUID (the Global Object Id in hex): the fixed class id, a zero instance date,
 * a creation time, and a 16-byte uid derived from `key` — the same key gives the same ICalUid, so
 * every occurrence of a recurring series shares it.
 */
export function iCalUid(...key: (number | string)[]): string {
  const r = new Random('ical-uid', ...key);
  const hex = (u: number) => u.toString(16).toUpperCase().padStart(8, '0');
  const created = hex(r.u32()) + hex(0x01d9f000 + (hashKey(key) & 0xfff));
  return `040000008200E00074C5B7101A82E00800000000${created}000000000000000010000000${hex(r.u32())}${hex(r.u32())}${hex(r.u32())}${hex(r.u32())}`;
}
