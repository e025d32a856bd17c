/**
 * Check a pasted container SAS URI before any request is made, and describe it in words.
 *
 * Pure: no network, no clock except the `now` passed in. Shared by the CLI and the UI
 * (`connect/check`). The signature never leaves this module except through `SasInfo.uri`, a
 * getter that JSON.stringify and util.inspect do not show; everything else carries `REDACTED`.
 */
import { AppError } from '../../../shared/errors.js';
import type { SasDescription } from '../../../shared/api/contract.js';
import { relativeTime } from '../../../shared/format/relativeTime.js';

/** Letters of `sp` and what they allow (container and account SAS). */
const PERMISSION_WORDS: Record<string, string> = {
  r: 'read',
  a: 'add',
  c: 'create',
  w: 'write',
  d: 'delete',
  x: 'delete versions',
  y: 'permanent delete',
  l: 'list',
  t: 'tags',
  f: 'find by tags',
  m: 'move',
  e: 'execute',
  o: 'change owner',
  p: 'change permissions',
  i: 'set immutability',
  u: 'update',
};
const WRITE_LETTERS = new Set(['a', 'c', 'w', 'd', 'x', 'y', 't', 'm', 'o', 'p', 'i', 'u']);
/** Azure compares clocks: a start time this close to now is the local clock being a little behind. */
const CLOCK_SKEW_MS = 5 * 60_000;
const SOON_MS = 60 * 60_000;

export const REDACTED = 'REDACTED';

/**
 * The `sig` key written any way a URL allows: letters in either case or percent-encoded (`%73ig`,
 * `s%69g`), plain or as a whole URL-encoded query (`sig%3D…`, as in a URL inside another URL).
 */
const SIG_KEY = '(?:s|%(?:25)?[57]3)(?:i|%(?:25)?[46]9)(?:g|%(?:25)?[46]7)';

/** Replace every SAS signature in a text (plain, percent-encoded or URL-encoded) by REDACTED. */
export function redactSas(text: string): string {
  return text
    .replace(new RegExp(`(?<![A-Za-z0-9_%])(${SIG_KEY}(?:=|%3D))(?:(?!%26)[^&\\s"'<>#])*`, 'gi'), `$1${REDACTED}`)
    .replace(new RegExp(`(?<=^|[^A-Za-z0-9_]|%3F|%26)(${SIG_KEY}%3D)(?:(?!%26)[^&\\s"'<>#])*`, 'gi'), `$1${REDACTED}`);
}

export interface SasFacts {
  account: string;
  container: string;
  /** host[:port] */
  host: string;
  protocol: 'https' | 'http';
  /** The container URL without query (no secret). */
  containerUrl: string;
  /** Raw `sp` letters ('' when a stored access policy supplies them). */
  permissions: string;
  startsAt?: Date;
  expiresAt?: Date;
  /** `spr`: 'https' or 'https,http'. */
  allowedProtocols?: string;
  /** `sip`: a single IP or a range a-b. */
  ipRange?: string;
  /** Stored access policy id (`si`). */
  policy?: string;
  /** 'service' for a container SAS (sr=c), 'account' for an account SAS (ss/srt). */
  kind: 'service' | 'account';
  /** The full URI with the signature replaced by REDACTED. */
  redactedUri: string;
  warnings: string[];
}

/** A checked SAS. The usable URI (with its signature) is only reachable through the `uri` getter. */
export class SasInfo implements SasFacts {
  readonly #uri: string;
  account!: string;
  container!: string;
  host!: string;
  protocol!: 'https' | 'http';
  containerUrl!: string;
  permissions!: string;
  startsAt?: Date;
  expiresAt?: Date;
  allowedProtocols?: string;
  ipRange?: string;
  policy?: string;
  kind!: 'service' | 'account';
  redactedUri!: string;
  warnings!: string[];

  constructor(uri: string, facts: SasFacts) {
    this.#uri = uri;
    Object.assign(this, facts);
  }

  /** The canonical URI, signature included: hand it to the SDK, never to a log. */
  get uri(): string {
    return this.#uri;
  }

  /** Permission letters in words, e.g. ['read', 'list']. */
  get permissionWords(): string[] {
    return permissionWords(this.permissions);
  }

  /** e.g. "read + list · expires in 3 days · IP-restricted" */
  describe(now: Date = new Date()): string {
    const parts = [this.permissions ? this.permissionWords.join(' + ') : 'permissions from access policy'];
    if (this.expiresAt) parts.push(`expires ${relativeTime(this.expiresAt, now)}`);
    else if (this.policy) parts.push('expiry from access policy');
    if (this.ipRange) parts.push('IP-restricted');
    if (this.kind === 'account') parts.push('account SAS');
    return parts.join(' · ');
  }

  /** What util.inspect prints: the facts, never the signature. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `SasInfo(${this.redactedUri})`;
  }
}

export function permissionWords(sp: string): string[] {
  const letters = [...new Set(sp.toLowerCase().split(''))];
  // Read and list first: the two that matter here.
  letters.sort((a, b) => order(a) - order(b));
  return letters.map((l) => PERMISSION_WORDS[l] ?? `"${l}"`);
}

function order(letter: string): number {
  const i = 'rl'.indexOf(letter);
  return i === -1 ? 2 + 'racwdxyltfmeopiu'.indexOf(letter) : i;
}

export { relativeTime };

function sasError(code: string, message: string, hint: string, field?: string): AppError {
  return new AppError({ code: `sas/${code}`, message, hint, where: field ? { field } : undefined });
}

const ASK_FOR_NEW = 'Ask the Workplace Analytics admin for a container SAS URI with Read and List permissions (sp=rl).';

/**
 * Query values as the user meant them. A SAS pasted from a decoded view carries raw `+`, `/`, `=`
 * and `:`; a URL-form decoder would turn `+` into a space and break the signature, so values are
 * percent-decoded only (never `+` → space) and re-encoded. A space in `sig` is a `+` some tool
 * already decoded: base64 has no spaces.
 */
function parseQuery(search: string): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const part of search.replace(/^\?/, '').split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const rawKey = eq === -1 ? part : part.slice(0, eq);
    const rawValue = eq === -1 ? '' : part.slice(eq + 1);
    const key = safeDecode(rawKey);
    let value = safeDecode(rawValue);
    if (key.toLowerCase() === 'sig') value = value.replace(/ /g, '+');
    out.push({ key, value });
  }
  return out;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a bare '%' that is part of the value: keep it as typed
  }
}

function isLoopback(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127\.\d+\.\d+\.\d+$/.test(h) || h === '::1';
}

function isIpOrSingleLabel(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':') || !h.includes('.') || isLoopback(h);
}

/** Parse `se`/`st`: ISO 8601 UTC, date-only allowed (`2025-01-31`). */
function parseSasDate(value: string, field: string): Date {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const d = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) {
    throw sasError('bad-date', `The SAS has an unreadable ${field === 'se' ? 'expiry' : 'start'} time "${value}" (${field})`, 'The URI may have been cut or changed when copied. Paste the whole URI again.', field);
  }
  return d;
}

/** Check a container SAS URI. Throws AppError with a `sas/…` code naming what is wrong. */
export function checkSasUri(input: string, now: Date = new Date()): SasInfo {
  const text = input.trim().replace(/^["'<]+|["'>]+$/g, '');
  if (!text) throw sasError('empty', 'No SAS URI given', 'Paste the container SAS URI the Workplace Analytics admin gave you.');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw sasError('not-a-url', 'This is not a URL', `A SAS URI looks like https://ACCOUNT.blob.core.windows.net/CONTAINER?sv=…&sp=rl&sig=…. ${looksLikeToken(text) ? 'You pasted only the token: paste the whole URI, starting with https://.' : 'Paste the whole URI.'}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw sasError('not-a-url', `A SAS URI starts with https://, not ${url.protocol}//`, 'Paste the container SAS URI, starting with https://.');
  }
  const loopback = isLoopback(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    throw sasError('insecure-http', `Refusing to send a SAS over plain http to ${url.host}`, 'Use the https:// form of the URI: over http anyone on the network can read the signature.');
  }

  const query = parseQuery(url.search);
  const get = (k: string) => query.find((q) => q.key.toLowerCase() === k)?.value;
  const redactedUri = redactSas(`${url.protocol}//${url.host}${url.pathname}${url.search}`);

  // Account and container: path-style for IPs and local emulators, host-style for Azure.
  const segments = url.pathname.split('/').filter(Boolean).map(safeDecode);
  const pathStyle = isIpOrSingleLabel(url.hostname);
  const account = pathStyle ? (segments[0] ?? '') : url.hostname.split('.')[0];
  const containerIndex = pathStyle ? 1 : 0;
  const container = segments[containerIndex] ?? '';
  const extra = segments.slice(containerIndex + 1);

  const sr = get('sr');
  if (!container) {
    throw sasError('no-container', 'The URI names no container', 'Use the container SAS URI: the container name comes right after the host, e.g. https://ACCOUNT.blob.core.windows.net/CONTAINER?sv=….');
  }
  if (extra.length > 0 || sr === 'b' || sr === 'bs' || sr === 'bv') {
    throw sasError(
      'blob-url',
      `This is the URI of one file (${extra.join('/') || 'a blob SAS'}), not of the container`,
      `Use the container SAS URI: it ends at the container name "${container}" before the "?". A SAS for one file cannot list the export.`,
    );
  }
  if (!/^(\$root|[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9])$/.test(container)) {
    throw sasError('bad-container', `"${container}" is not a valid container name`, 'Container names have 3–63 lower-case letters, digits and hyphens. The URI may have been cut or changed when copied.');
  }

  const sig = get('sig');
  if (!url.search || query.length === 0) {
    throw sasError('no-signature', 'This is a plain container URL: the SAS token (everything after "?") is missing', 'Paste the whole SAS URI including the part after "?" (sv=…&sp=…&sig=…).', 'sig');
  }
  if (!sig) throw sasError('no-signature', 'The URI has no signature (sig=…)', 'The URI was probably cut when copied: paste the whole SAS URI, which ends with or contains sig=….', 'sig');

  const kind: 'service' | 'account' = get('srt') !== undefined || get('ss') !== undefined ? 'account' : 'service';
  if (kind === 'account') {
    const ss = get('ss') ?? '';
    const srt = get('srt') ?? '';
    if (!ss.includes('b')) throw sasError('not-blob', 'This account SAS does not cover Blob storage (ss has no "b")', ASK_FOR_NEW, 'ss');
    if (!srt.includes('c') || !srt.includes('o')) {
      throw sasError('not-container', 'This account SAS cannot list a container and read its files (srt needs "c" and "o")', ASK_FOR_NEW, 'srt');
    }
  } else if (sr !== 'c') {
    throw sasError(
      'not-container',
      sr ? `This SAS is for ${sr === 'd' ? 'a directory' : `resource type "${sr}"`}, not for a container (sr=${sr})` : 'The URI does not say what the SAS is for (no sr=c)',
      ASK_FOR_NEW,
      'sr',
    );
  }

  const policy = get('si');
  const sp = get('sp') ?? '';
  if (!sp && !policy) throw sasError('no-permissions', 'The SAS grants no permissions (no sp=…)', ASK_FOR_NEW, 'sp');
  if (sp) {
    const letters = new Set(sp.toLowerCase().split(''));
    if (!letters.has('r') && !letters.has('l')) {
      const writes = [...letters].filter((l) => WRITE_LETTERS.has(l));
      throw sasError(
        writes.length ? 'write-only' : 'no-read-list',
        writes.length ? `This SAS can only ${permissionWords(writes.join('')).join(' + ')}: it cannot read or list the export` : `This SAS allows ${permissionWords(sp).join(' + ')}, not read and list`,
        `It looks like an upload SAS. ${ASK_FOR_NEW}`,
        'sp',
      );
    }
    if (!letters.has('r')) throw sasError('no-read', 'This SAS can list the files but not read them (sp has no "r")', ASK_FOR_NEW, 'sp');
    if (!letters.has('l')) throw sasError('no-list', 'This SAS can read files but not list the container (sp has no "l")', ASK_FOR_NEW, 'sp');
  }

  const se = get('se');
  const st = get('st');
  const expiresAt = se ? parseSasDate(se, 'se') : undefined;
  const startsAt = st ? parseSasDate(st, 'st') : undefined;
  if (!expiresAt && !policy) throw sasError('no-expiry', 'The SAS has no expiry time (se=…)', 'The URI was probably cut when copied: paste the whole URI.', 'se');
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw sasError('expired', `This SAS expired ${relativeTime(expiresAt, now)} (${expiresAt.toISOString().replace('.000', '')})`, `${ASK_FOR_NEW} Choose an expiry after the download will have finished.`, 'se');
  }
  if (startsAt && startsAt.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw sasError(
      'not-yet-valid',
      `This SAS is not valid yet: it starts ${relativeTime(startsAt, now)} (${startsAt.toISOString().replace('.000', '')})`,
      'Wait until then, or ask for a SAS whose start time is in the past. If the time looks wrong, check this computer\'s clock.',
      'st',
    );
  }
  const allowedProtocols = get('spr');
  if (allowedProtocols === 'https' && url.protocol === 'http:') {
    throw sasError('https-only', 'This SAS only works over https, but the URI uses http', 'Change http:// to https:// at the start of the URI.', 'spr');
  }

  const warnings: string[] = [];
  if (sp && [...sp.toLowerCase()].some((l) => WRITE_LETTERS.has(l))) {
    const writes = [...new Set(sp.toLowerCase().split(''))].filter((l) => WRITE_LETTERS.has(l));
    warnings.push(`This SAS also allows ${permissionWords(writes.join('')).join(', ')}. WPA Explorer only reads, but a read + list SAS is safer to keep.`);
  }
  if (expiresAt && expiresAt.getTime() - now.getTime() < SOON_MS) warnings.push(`The SAS expires ${relativeTime(expiresAt, now)}: a large download may not finish in time.`);
  if (startsAt && startsAt.getTime() > now.getTime()) warnings.push('The SAS start time is a few minutes ahead of this computer\'s clock; requests may fail until then.');
  const ipRange = get('sip');
  if (ipRange) warnings.push(`The SAS only works from IP address${ipRange.includes('-') ? 'es' : ''} ${ipRange}: it fails from other networks (home, VPN, mobile).`);
  if (policy) warnings.push(`Permissions or expiry come from the stored access policy "${policy}", which is not visible here.`);
  if (kind === 'account') warnings.push('This is an account SAS: it reaches every container in the account, not only this one.');
  if (url.protocol === 'http:') warnings.push('Plain http: acceptable only for a local storage emulator.');

  // Canonical URI: origin + path, every query value re-encoded once.
  const canonicalQuery = query.map((q) => `${encodeURIComponent(q.key)}=${encodeURIComponent(q.value)}`).join('&');
  const containerUrl = `${url.protocol}//${url.host}${pathStyle ? `/${encodeURIComponent(account)}` : ''}/${encodeURIComponent(container)}`;
  return new SasInfo(`${containerUrl}?${canonicalQuery}`, {
    account,
    container,
    host: url.host,
    protocol: url.protocol === 'https:' ? 'https' : 'http',
    containerUrl,
    permissions: sp,
    startsAt,
    expiresAt,
    allowedProtocols,
    ipRange,
    policy,
    kind,
    redactedUri,
    warnings,
  });
}

function looksLikeToken(text: string): boolean {
  return /(^|[?&])(sv|sig|sp|se)=/.test(text);
}

/** The contract's view of a SAS (for `connect/check` and the connection list). */
export function describeSas(info: SasInfo, now: Date = new Date()): SasDescription {
  return {
    account: info.account,
    container: info.container,
    host: info.host,
    summary: info.describe(now),
    permissions: info.permissionWords,
    expiresAt: info.expiresAt?.toISOString(),
    startsAt: info.startsAt?.toISOString(),
    redactedUri: info.redactedUri,
    warnings: [...info.warnings],
  };
}
