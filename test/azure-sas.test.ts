/**
 * The SAS check (pure, before any request): what it accepts, how it describes a SAS, every
 * refusal with its code, re-encoding of pasted values, and that the signature never shows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { checkSasUri, describeSas, redactSas, relativeTime, REDACTED } from '../electron/backend/azure/sas.js';
import { isAppError } from '../shared/errors.js';
import type { SasDescription } from '../shared/api/contract.js';

const NOW = new Date('2025-03-10T12:00:00Z');
const SIG = 'Zm9vYmFy+c2VjcmV0/c2lnbmF0dXJl=';
const SIG_ENC = encodeURIComponent(SIG);
const AZURE = 'https://contosowpa.blob.core.windows.net/wpa-export';
const q = (over: Record<string, string | undefined> = {}) => {
  const base: Record<string, string | undefined> = { sv: '2022-11-02', sr: 'c', sp: 'rl', st: '2025-03-09T00:00:00Z', se: '2025-03-13T12:00:00Z', spr: 'https', sig: SIG_ENC, ...over };
  return Object.entries(base)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
};

function refusal(uri: string, now = NOW): { code: string; message: string; hint?: string } {
  try {
    checkSasUri(uri, now);
  } catch (e) {
    assert.ok(isAppError(e), `expected an AppError, got ${String(e)}`);
    for (const text of [e.message, e.hint ?? '']) {
      assert.ok(!text.includes(SIG) && !text.includes(SIG_ENC), `signature leaked into: ${text}`);
    }
    return { code: e.code, message: e.message, hint: e.hint };
  }
  assert.fail(`expected ${uri.replace(/sig=[^&]*/, 'sig=…')} to be refused`);
}

test('a read + list container SAS is parsed and described in words', () => {
  const info = checkSasUri(`${AZURE}?${q()}`, NOW);
  assert.equal(info.account, 'contosowpa');
  assert.equal(info.container, 'wpa-export');
  assert.equal(info.host, 'contosowpa.blob.core.windows.net');
  assert.equal(info.protocol, 'https');
  assert.equal(info.permissions, 'rl');
  assert.deepEqual(info.permissionWords, ['read', 'list']);
  assert.equal(info.expiresAt?.toISOString(), '2025-03-13T12:00:00.000Z');
  assert.equal(info.startsAt?.toISOString(), '2025-03-09T00:00:00.000Z');
  assert.equal(info.describe(NOW), 'read + list · expires in 3 days');
  assert.deepEqual(info.warnings, []);
  assert.equal(info.redactedUri, `${AZURE}?${q({ sig: REDACTED })}`);
});

test('path-style URLs (emulator, IP) take the account from the path; IP range and extra rights show', () => {
  const info = checkSasUri(`http://127.0.0.1:10000/devstoreaccount1/exports?${q({ spr: undefined, sp: 'racwl', sip: '10.1.0.0-10.1.255.255', se: '2025-03-10T12:40:00Z' })}`, NOW);
  assert.equal(info.account, 'devstoreaccount1');
  assert.equal(info.container, 'exports');
  assert.equal(info.host, '127.0.0.1:10000');
  assert.equal(info.describe(NOW), 'read + list + add + create + write · expires in 40 minutes · IP-restricted');
  assert.ok(info.warnings.some((w) => w.includes('10.1.0.0-10.1.255.255')));
  assert.ok(info.warnings.some((w) => w.includes('also allows add, create, write')));
  assert.ok(info.warnings.some((w) => w.includes('expires in 40 minutes')));
  assert.ok(info.warnings.some((w) => w.includes('Plain http')));
});

test('describeSas gives the contract shape without the signature', () => {
  const d: SasDescription = describeSas(checkSasUri(`${AZURE}?${q({ sip: '203.0.113.7' })}`, NOW), NOW);
  assert.deepEqual(
    { ...d, warnings: d.warnings.length },
    {
      account: 'contosowpa',
      container: 'wpa-export',
      host: 'contosowpa.blob.core.windows.net',
      summary: 'read + list · expires in 3 days · IP-restricted',
      permissions: ['read', 'list'],
      expiresAt: '2025-03-13T12:00:00.000Z',
      startsAt: '2025-03-09T00:00:00.000Z',
      redactedUri: `${AZURE}?${q({ sip: '203.0.113.7', sig: REDACTED })}`,
      warnings: 1,
    },
  );
  assert.ok(!JSON.stringify(d).includes(SIG_ENC));
});

test('the signature is reachable only through .uri: not in JSON, inspect, or spread copies', () => {
  const info = checkSasUri(`${AZURE}?${q()}`, NOW);
  assert.ok(info.uri.includes(`sig=${SIG_ENC}`));
  for (const text of [JSON.stringify(info), inspect(info, { depth: 5, showHidden: true }), JSON.stringify({ ...info }), String(Object.values(info))]) {
    assert.ok(!text.includes(SIG) && !text.includes(SIG_ENC), text);
  }
});

test('query values pasted decoded are re-encoded; a + turned into a space is restored', () => {
  const decoded = `${AZURE}?sv=2022-11-02&sr=c&sp=rl&se=2025-03-13T12:00:00Z&sig=${SIG}`;
  const info = checkSasUri(decoded, NOW);
  assert.equal(info.uri, `${AZURE}?sv=2022-11-02&sr=c&sp=rl&se=2025-03-13T12%3A00%3A00Z&sig=${SIG_ENC}`);
  // Idempotent on an already-encoded URI.
  assert.equal(checkSasUri(info.uri, NOW).uri, info.uri);
  // A tool that form-decoded the URI turned '+' into ' ' (and then into %20).
  const spaced = checkSasUri(`${AZURE}?sv=2022-11-02&sr=c&sp=rl&se=2025-03-13&sig=${SIG.replace('+', '%20')}`, NOW);
  assert.ok(spaced.uri.endsWith(`sig=${SIG_ENC}`));
  // Surrounding quotes and whitespace from a copy are ignored.
  assert.equal(checkSasUri(`  "${decoded}"\n`, NOW).uri, info.uri);
});

test('every malformed or unusable SAS is refused with its own code and a hint', () => {
  const cases: [string, string, RegExp][] = [
    ['', 'sas/empty', /No SAS URI/],
    ['hello there', 'sas/not-a-url', /not a URL/],
    [q(), 'sas/not-a-url', /only the token/],
    [`ftp://host/c?${q()}`, 'sas/not-a-url', /https:\/\//],
    [`${AZURE}/2024-01-15/Mails.csv?${q({ sr: 'b' })}`, 'sas/blob-url', /one file \(2024-01-15\/Mails\.csv\)/],
    [`${AZURE}?${q({ sr: 'b' })}`, 'sas/blob-url', /not of the container/],
    [`https://contosowpa.blob.core.windows.net/?${q()}`, 'sas/no-container', /names no container/],
    [`https://contosowpa.blob.core.windows.net/Bad_Name?${q()}`, 'sas/bad-container', /not a valid container name/],
    [AZURE, 'sas/no-signature', /plain container URL/],
    [`${AZURE}?${q({ sig: undefined })}`, 'sas/no-signature', /no signature/],
    [`${AZURE}?${q({ sp: 'w' })}`, 'sas/write-only', /can only write/],
    [`${AZURE}?${q({ sp: 'acw' })}`, 'sas/write-only', /can only add \+ create \+ write/],
    [`${AZURE}?${q({ sp: 'r' })}`, 'sas/no-list', /not list/],
    [`${AZURE}?${q({ sp: 'l' })}`, 'sas/no-read', /not read/],
    [`${AZURE}?${q({ sp: undefined })}`, 'sas/no-permissions', /no permissions/],
    [`${AZURE}?${q({ sr: 'd' })}`, 'sas/not-container', /a directory/],
    [`${AZURE}?${q({ se: '2025-03-10T11:00:00Z' })}`, 'sas/expired', /expired 1 hour ago/],
    [`${AZURE}?${q({ se: 'tomorrow' })}`, 'sas/bad-date', /unreadable expiry/],
    [`${AZURE}?${q({ se: undefined })}`, 'sas/no-expiry', /no expiry/],
    [`${AZURE}?${q({ st: '2025-03-11T12:00:00Z' })}`, 'sas/not-yet-valid', /starts in 1 day/],
    [`http://contosowpa.blob.core.windows.net/wpa-export?${q()}`, 'sas/insecure-http', /plain http/],
    [`http://127.0.0.1:10000/devstoreaccount1/exports?${q({ spr: 'https' })}`, 'sas/https-only', /only works over https/],
    [`${AZURE}?${q({ sr: undefined, ss: 'q', srt: 'co' })}`, 'sas/not-blob', /Blob storage/],
    [`${AZURE}?${q({ sr: undefined, ss: 'b', srt: 's' })}`, 'sas/not-container', /srt needs/],
  ];
  for (const [uri, code, message] of cases) {
    const r = refusal(uri);
    assert.equal(r.code, code, `${uri}: ${r.message}`);
    assert.match(`${r.message} ${r.hint}`, message, uri);
    assert.ok(r.hint && r.hint.length > 10, `${code} needs a hint`);
  }
});

test('a start time a little ahead of this clock is a warning, not a refusal; stored policies are accepted', () => {
  const skewed = checkSasUri(`${AZURE}?${q({ st: '2025-03-10T12:03:00Z' })}`, NOW);
  assert.ok(skewed.warnings.some((w) => w.includes("ahead of this computer's clock")));
  const policy = checkSasUri(`${AZURE}?${q({ sp: undefined, se: undefined, st: undefined, si: 'wpa-read' })}`, NOW);
  assert.equal(policy.describe(NOW), 'permissions from access policy · expiry from access policy');
  const account = checkSasUri(`${AZURE}?${q({ sr: undefined, ss: 'b', srt: 'sco' })}`, NOW);
  assert.equal(account.kind, 'account');
  assert.ok(account.describe(NOW).endsWith('account SAS'));
});

test('redactSas removes signatures, plain or URL-encoded, wherever they are', () => {
  const text = `GET ${AZURE}?sv=1&sig=${SIG_ENC}&sp=rl failed; retry url=${encodeURIComponent(`${AZURE}?sig=${SIG}&x=1`)} "sig=${SIG}"`;
  const out = redactSas(text);
  assert.ok(!out.includes(SIG) && !out.includes(SIG_ENC) && !out.includes(encodeURIComponent(SIG_ENC)), out);
  assert.equal(out.match(/REDACTED/g)?.length, 3);
  assert.ok(out.includes('&sp=rl failed'));
  assert.equal(redactSas('xsig=keep&design=1'), 'xsig=keep&design=1');
});

test('a signature whose key is percent-encoded or in any case never reaches redactedUri or a log line', () => {
  for (const key of ['%73ig', 's%69g', 'si%67', 'SIG', 'Sig', '%53%49%47']) {
    const uri = `${AZURE}?sv=2022-11-02&sr=c&sp=rl&se=2099-01-01T00:00:00Z&${key}=${SIG_ENC}`;
    const info = checkSasUri(uri, NOW);
    assert.ok(!info.redactedUri.includes(SIG_ENC) && !info.redactedUri.includes(SIG), `${key}: ${info.redactedUri}`);
    assert.ok(info.redactedUri.endsWith(`${key}=${REDACTED}`), info.redactedUri);
    assert.ok(!redactSas(`failed: ${uri}`).includes(SIG_ENC));
    assert.ok(!redactSas(`retry ${encodeURIComponent(uri)}`).includes(encodeURIComponent(SIG_ENC)));
    assert.ok(!String(info).includes(SIG_ENC) && !JSON.stringify(info).includes(SIG_ENC));
  }
});

test('relativeTime reads naturally', () => {
  assert.equal(relativeTime(new Date('2025-03-10T12:00:30Z'), NOW), 'in less than a minute');
  assert.equal(relativeTime(new Date('2025-03-10T14:59:00Z'), NOW), 'in 2 hours');
  assert.equal(relativeTime(new Date('2025-03-11T12:00:00Z'), NOW), 'in 1 day');
  assert.equal(relativeTime(new Date('2025-03-08T12:00:00Z'), NOW), '2 days ago');
  assert.equal(relativeTime(new Date('2026-01-31T00:00:00Z'), NOW), 'on 2026-01-31');
});
