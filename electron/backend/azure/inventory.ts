/**
 * What the container holds: refresh folders with the export tables recognised (name variants,
 * multi-part files, and by header when the name says nothing), other CSV files, sizes, dates and
 * ETags. The latest refresh (newest files) is the default; any other can be chosen.
 */
import type { ContainerClient } from '@azure/storage-blob';
import type { Inventory, InventoryFile, InventoryRefresh } from '../../../shared/api/contract.js';
import { recogniseHeader, tableForFileName, TABLE_NAMES, type TableName } from '../../../shared/schema/exportSchema.js';
import { detectDelimiter, parseCsvRecords } from '../ingest/csvHead.js';
import { containerClientFor, REQUEST_TIMEOUT_MS, withDeadline } from './client.js';
import { printableName, unsafeNameReason } from './localPaths.js';
import { checkSasUri, type SasInfo } from './sas.js';

export interface RemoteFile extends InventoryFile {
  /** Folder part of the name ('' at the top level). */
  folder: string;
  fileName: string;
  table?: TableName;
  /** How the table was recognised. */
  recognisedBy?: 'name' | 'header';
  /** Base64 Content-MD5 when the uploader stored one. */
  contentMD5?: string;
}

export interface RemoteRefresh extends InventoryRefresh {
  files: RemoteFile[];
  tables: TableName[];
  /** Newest file date in the folder. */
  lastModified: string;
  /** Export tables with no file in this refresh. */
  missingTables: TableName[];
}

export interface SyncInventory extends Inventory {
  account: string;
  container: string;
  host: string;
  refreshes: RemoteRefresh[];
  otherFiles: RemoteFile[];
  /** Blobs that can never be downloaded (names escaping the folder, …). */
  refused: { name: string; reason: string }[];
  blobCount: number;
  totalBytes: number;
}

export interface InventoryOptions {
  signal?: AbortSignal;
  /** Deadline per listing page (default 8 s). */
  timeoutMs?: number;
  /** Read the first bytes of CSVs whose name is not a table's, to recognise them by header (default true). */
  peekHeaders?: boolean;
  /** For tests and the sync: an existing client for this SAS. */
  client?: ContainerClient;
}

/** ETags arrive quoted from properties and unquoted from listings: compare them unquoted. */
export function normaliseEtag(etag: string | undefined): string {
  return (etag ?? '').replace(/^W\//, '').replace(/^"|"$/g, '');
}

const PEEK_BYTES = 16 * 1024;
const PEEK_CONCURRENCY = 4;

export async function listInventory(sas: string | SasInfo, options: InventoryOptions = {}): Promise<SyncInventory> {
  const info = typeof sas === 'string' ? checkSasUri(sas) : sas;
  const client = options.client ?? (await containerClientFor(info));
  const ctx = { host: info.host, container: info.container };
  const timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;

  const files: RemoteFile[] = [];
  const refused: SyncInventory['refused'] = [];
  let blobCount = 0;
  let totalBytes = 0;
  let marker: string | undefined;
  // Page by page, each page under its own deadline (the first one is the connection test).
  do {
    const page = await withDeadline(ctx, timeoutMs, options.signal, async (signal) => {
      const it = client.listBlobsFlat({ abortSignal: signal }).byPage({ continuationToken: marker, maxPageSize: 5000 });
      const r = await it.next();
      return r.done ? undefined : r.value;
    });
    if (!page) break;
    for (const b of page.segment.blobItems) {
      blobCount++;
      const bytes = b.properties.contentLength ?? 0;
      totalBytes += bytes;
      const reason = unsafeNameReason(b.name);
      if (reason) {
        refused.push({ name: printableName(b.name), reason });
        continue;
      }
      if (!/\.csv$/i.test(b.name)) continue;
      const slash = b.name.lastIndexOf('/');
      const fileName = b.name.slice(slash + 1);
      const table = tableForFileName(fileName);
      files.push({
        name: b.name,
        folder: slash === -1 ? '' : b.name.slice(0, slash),
        fileName,
        table,
        recognisedBy: table ? 'name' : undefined,
        bytes,
        lastModified: (b.properties.lastModified ?? new Date(0)).toISOString(),
        etag: normaliseEtag(b.properties.etag),
        contentMD5: b.properties.contentMD5 ? Buffer.from(b.properties.contentMD5).toString('base64') : undefined,
      });
    }
    marker = page.continuationToken || undefined;
  } while (marker);

  if (options.peekHeaders !== false) await recogniseByHeader(client, files.filter((f) => !f.table && f.bytes > 0), ctx, timeoutMs, options.signal);

  const byFolder = new Map<string, RemoteFile[]>();
  for (const f of files.filter((x) => x.table)) byFolder.set(f.folder, [...(byFolder.get(f.folder) ?? []), f]);
  const refreshes: RemoteRefresh[] = [...byFolder.entries()].map(([name, fs]) => {
    const sorted = fs.sort((a, b) => TABLE_NAMES.indexOf(a.table!) - TABLE_NAMES.indexOf(b.table!) || a.name.localeCompare(b.name));
    const tables = TABLE_NAMES.filter((t) => sorted.some((f) => f.table === t));
    return {
      name,
      files: sorted,
      tables,
      bytes: sorted.reduce((n, f) => n + f.bytes, 0),
      lastModified: sorted.map((f) => f.lastModified).sort().at(-1)!,
      missingTables: TABLE_NAMES.filter((t) => !tables.includes(t)),
    };
  });
  // Oldest first; the latest is the one whose files were written last (ties: by name).
  refreshes.sort((a, b) => a.lastModified.localeCompare(b.lastModified) || a.name.localeCompare(b.name));
  return {
    account: info.account,
    container: info.container,
    host: info.host,
    refreshes,
    latest: refreshes.at(-1)?.name,
    otherFiles: files.filter((f) => !f.table),
    refused,
    blobCount,
    totalBytes,
  };
}

/** Recognise CSVs with an unfamiliar name by the header in their first bytes (a few at a time). */
async function recogniseByHeader(client: ContainerClient, files: RemoteFile[], ctx: { host: string; container: string }, timeoutMs: number, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const f = files[next++];
      const head = await withDeadline({ ...ctx, blob: f.name }, timeoutMs, signal, async (s) => {
        const res = await client.getBlobClient(f.name).download(0, Math.min(PEEK_BYTES, f.bytes), { abortSignal: s, maxRetryRequests: 0 });
        const chunks: Buffer[] = [];
        for await (const c of res.readableStreamBody!) chunks.push(c as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      });
      const text = head.replace(/^\uFEFF/, '');
      const line = text.split(/\r?\n/)[0];
      const header = parseCsvRecords(line + '\n', detectDelimiter(line), 1).records[0]?.map((h) => h.trim()) ?? [];
      const match = recogniseHeader(header, f.fileName);
      if (match && match.missingRequired.length === 0) {
        f.table = match.table;
        f.recognisedBy = 'header';
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PEEK_CONCURRENCY, files.length) }, worker));
}

/** Pick a refresh by name ('' or '/' is the top level); undefined name means the latest. */
export function chooseRefresh(inv: SyncInventory, name?: string): RemoteRefresh | undefined {
  if (name === undefined) return inv.refreshes.find((r) => r.name === inv.latest);
  const wanted = name === '/' ? '' : name.replace(/^\/+|\/+$/g, '');
  return inv.refreshes.find((r) => r.name === wanted);
}
