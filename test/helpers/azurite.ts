/**
 * A real Azurite blob service for the tests, on 127.0.0.1 and a free port, tied to this process.
 *
 * A plainly spawned Azurite outlives a `kill -9` of the test runner, so Azurite is started with a
 * tiny watchdog preloaded into its own process: it exits as soon as its stdin pipe closes (the
 * parent died, however) or it is re-parented. No wrapper process that could itself be orphaned.
 *
 * Also: the dev-account client, `rl` SAS URIs, uploading an export folder, and a throttling TCP
 * proxy that makes downloads slow enough to interrupt at a chosen moment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BlobServiceClient,
  ContainerClient,
  ContainerSASPermissions,
  generateBlobSASQueryParameters,
  SASProtocol,
  StorageSharedKeyCredential,
} from '@azure/storage-blob';

export const DEV_ACCOUNT = 'devstoreaccount1';
/** The well-known Azurite development key (public, documented by Microsoft). */
export const DEV_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const AZURITE_MAIN = fileURLToPath(new URL('../../node_modules/azurite/dist/src/blob/main.js', import.meta.url));

/** Runs inside the Azurite process: die with the parent. */
const WATCHDOG = `
const parent = process.ppid;
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
setInterval(() => { if (process.ppid !== parent) process.exit(0); }, 500).unref();
`;

export interface AzuriteOptions {
  /** Keep blobs on disk in this folder (survives a restart); default: in memory. */
  location?: string;
  /** Listen on this port (a restart reuses the old one); default: a free port. */
  port?: number;
}

export class Azurite {
  private child?: ChildProcess;
  port = 0;

  private constructor(private readonly options: AzuriteOptions) {}

  static async start(options: AzuriteOptions = {}): Promise<Azurite> {
    const a = new Azurite(options);
    await a.launch(options.port ?? 0);
    return a;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get credential(): StorageSharedKeyCredential {
    return new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_KEY);
  }

  /** Service URL for the dev account on a port (the Azurite port, or a proxy in front of it). */
  serviceUrl(port = this.port): string {
    return `http://127.0.0.1:${port}/${DEV_ACCOUNT}`;
  }

  /** Client with the dev key: full rights, for setting up and changing blobs. */
  container(name: string): ContainerClient {
    return new BlobServiceClient(this.serviceUrl(), this.credential).getContainerClient(name);
  }

  /** A container SAS URI (default `rl`, valid for an hour) as a customer would paste it. */
  sasUri(
    container: string,
    opts: { permissions?: string; port?: number; startsOn?: Date; expiresOn?: Date; protocol?: SASProtocol; ipRange?: { start: string; end?: string } } = {},
  ): string {
    const qp = generateBlobSASQueryParameters(
      {
        containerName: container,
        permissions: ContainerSASPermissions.parse(opts.permissions ?? 'rl'),
        startsOn: opts.startsOn,
        expiresOn: opts.expiresOn ?? new Date(Date.now() + 3600_000),
        protocol: opts.protocol,
        ipRange: opts.ipRange,
      },
      this.credential,
    );
    return `${this.serviceUrl(opts.port)}/${container}?${qp.toString()}`;
  }

  private async launch(port: number): Promise<void> {
    const args = ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--skipApiVersionCheck', '--disableTelemetry', '--silent'];
    if (this.options.location) args.push('--location', this.options.location);
    else args.push('--inMemoryPersistence');
    const child = spawn(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(WATCHDOG)}`, AZURITE_MAIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`Azurite did not start within 20 s:\n${out}`)), 20_000);
      const onData = (d: Buffer) => {
        out += d.toString();
        const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`Azurite exited (${code}) before listening:\n${out}`));
      });
    });
    // Keep draining its output so a chatty Azurite never blocks on a full pipe.
    child.stdout!.resume();
    child.stderr!.resume();
  }

  /** SIGKILL: no goodbye, no flush (what a crash or a pulled cable looks like to the client). */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Graceful stop (Azurite saves its metadata on SIGTERM). */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  /**
   * With `location`: wait until Azurite's blob index on disk lists `blobName`. Azurite saves the
   * index every 5 s, so a SIGKILL right after an upload would lose the blob.
   */
  async waitUntilPersisted(container: string, blobName: string, timeoutMs = 15_000): Promise<void> {
    if (!this.options.location) throw new Error('in-memory Azurite persists nothing');
    const index = join(this.options.location, '__azurite_db_blob__.json');
    const deadline = Date.now() + timeoutMs;
    const needle = JSON.stringify(blobName).slice(1, -1);
    while (Date.now() < deadline) {
      try {
        const text = readFileSync(index, 'utf8');
        if (text.includes(`"${container}"`) && text.includes(needle)) return;
      } catch {
        // not written yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Azurite did not persist ${container}/${blobName} within ${timeoutMs} ms`);
  }

  /** Start again on the same port (and, with `location`, with the same blobs). */
  async restart(): Promise<void> {
    await this.launch(this.port);
  }

  private async signal(sig: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
}

/** Upload every file under `dir` to `prefix/<relative path>`, with Content-MD5 set unless told not to. */
export async function uploadFolder(container: ContainerClient, dir: string, prefix: string, opts: { md5?: boolean; only?: (rel: string) => boolean } = {}): Promise<string[]> {
  const names: string[] = [];
  const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
  for (const file of walk(dir).sort()) {
    const rel = relative(dir, file).split('\\').join('/');
    if (opts.only && !opts.only(rel)) continue;
    const name = prefix ? `${prefix}/${rel}` : rel;
    await uploadFile(container, name, file, opts);
    names.push(name);
  }
  return names;
}

export async function uploadFile(container: ContainerClient, name: string, file: string, opts: { md5?: boolean } = {}): Promise<void> {
  const body = readFileSync(file);
  await uploadBytes(container, name, body, opts);
}

export async function uploadBytes(container: ContainerClient, name: string, body: Buffer, opts: { md5?: boolean } = {}): Promise<void> {
  const md5 = opts.md5 === false ? undefined : createHash('md5').update(body).digest();
  // Staged blocks: Azure (and Azurite) store no Content-MD5 for these unless the uploader sets it.
  await container.getBlockBlobClient(name).uploadData(body, { blockSize: 256 * 1024, maxSingleShotSize: 1, blobHTTPHeaders: { blobContentMD5: md5 } });
}

/**
 * A TCP proxy in front of Azurite that limits throughput, so a test can act mid-download.
 * `bytesPerSecond` is shared by all connections; `dropAll()` cuts every open connection.
 */
export class ThrottleProxy {
  private readonly sockets = new Set<Socket>();
  /** While paused, bytes from the server are held back (a stalled connection, not a closed one). */
  private held?: (() => void)[];
  private tokens = 0;
  private last = Date.now();
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly targetPort: () => number,
    public bytesPerSecond: number,
  ) {}

  static async start(targetPort: () => number, bytesPerSecond: number): Promise<ThrottleProxy> {
    const server = createServer();
    const proxy = new ThrottleProxy(server, targetPort, bytesPerSecond);
    server.on('connection', (client) => proxy.handle(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    proxy.port = (server.address() as { port: number }).port;
    return proxy;
  }

  private handle(client: Socket): void {
    const upstream = connect(this.targetPort(), '127.0.0.1');
    this.sockets.add(client).add(upstream);
    const close = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
    client.pipe(upstream);
    // Server → client is where the bytes are: pace it.
    upstream.on('data', (chunk: Buffer) => {
      upstream.pause();
      const send = () => {
        if (this.held) return void this.held.push(send);
        setTimeout(() => {
          if (!client.destroyed) client.write(chunk, () => upstream.resume());
        }, this.take(chunk.length));
      };
      send();
    });
  }

  pause(): void {
    this.held ??= [];
  }

  resume(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const send of held) send();
  }

  /** Token bucket shared by every connection: how long to wait before sending n bytes. */
  private take(n: number): number {
    const now = Date.now();
    this.tokens = Math.min(this.bytesPerSecond / 10, this.tokens + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
    this.tokens -= n;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.bytesPerSecond) * 1000);
  }

  dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Create a blob with a name the SDK would normalise (`a/../../x.csv`) through a raw PUT with a write SAS. */
export async function putRawBlobName(azurite: Azurite, container: string, encodedName: string, body: string): Promise<number> {
  const sas = azurite.sasUri(container, { permissions: 'rwl' });
  const [base, query] = sas.split('?');
  const res = await fetch(`${base}/${encodedName}?${query}`, { method: 'PUT', headers: { 'x-ms-blob-type': 'BlockBlob' }, body });
  await res.arrayBuffer();
  return res.status;
}

/** Every file under `dir` (recursively) that contains any of `needles`, read as bytes. */
export function filesContaining(dir: string, needles: string[]): string[] {
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const bytes = readFileSync(p);
        if (needles.some((x) => bytes.includes(Buffer.from(x)))) hits.push(p);
      }
    }
  };
  walk(dir);
  return hits;
}

/** The signature of a SAS URI in the forms it could be written: as sent, decoded, re-encoded. */
export function signatureForms(sasUri: string): string[] {
  const raw = /[?&]sig=([^&]+)/.exec(sasUri)?.[1];
  if (!raw) throw new Error('no sig in SAS URI');
  const decoded = decodeURIComponent(raw);
  return [...new Set([raw, decoded, encodeURIComponent(decoded)])];
}
