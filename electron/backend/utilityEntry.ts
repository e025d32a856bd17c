/**
 * The backend inside Electron: runs in a `utilityProcess`, hosts the API service and talks to the
 * main process over a MessagePort. DuckDB work and JSON conversion happen here, never in main.
 *
 * Handshake: main sends `{ type: 'init' }` on the parent port with a MessagePort; everything after
 * goes over that port. SAS URIs are persisted by main (safeStorage is a main-process API), so the
 * secret store here forwards to main.
 */
import type { ApiName, BackendEvent, Result } from '../../shared/api/contract.js';
import { toErrorData } from '../../shared/errors.js';
import type { ApiService } from './api/apiService.js';
import { createWorkspaceHost } from './api/workspaceHost.js';
import { wpaHome } from './appHome.js';
import type { SecretStore } from './api/secrets.js';
import { ensureDemoWorkspace } from './demoWorkspace.js';

export interface InitMessage {
  type: 'init';
  /** The workspace to open; none: the demo workspace (generated on first run). */
  workspaceDir?: string;
  secretsPersistent: boolean;
  secretsWarning?: string;
}

export type MainToBackend =
  | { type: 'call'; id: number; name: ApiName; request: unknown }
  | { type: 'secret-reply'; id: number; value?: string; error?: string }
  | { type: 'shutdown' };

export type BackendToMain =
  | { type: 'ready'; workspaceDir: string; isDemo: boolean }
  | { type: 'starting'; message: string }
  | { type: 'fatal'; error: ReturnType<typeof toErrorData> }
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; event: BackendEvent }
  | { type: 'secret'; id: number; op: 'get' | 'set' | 'delete'; key: string; value?: string };

/** The parts of Electron's MessagePortMain used here (typed locally: this file has no Electron import). */
interface PortLike {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}
interface ParentPortLike {
  once(event: 'message', listener: (e: { data: unknown; ports: PortLike[] }) => void): void;
}

/** Secrets kept by the main process, asked for over the port. */
class MainProcessSecretStore implements SecretStore {
  private next = 1;
  private readonly pending = new Map<number, { resolve: (v: string | undefined) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly send: (m: BackendToMain) => void,
    readonly persistent: boolean,
    readonly warning: string | undefined,
  ) {}

  private ask(op: 'get' | 'set' | 'delete', key: string, value?: string): Promise<string | undefined> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ type: 'secret', id, op, key, value });
    });
  }

  reply(id: number, value?: string, error?: string): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    if (!p) return;
    if (error) p.reject(new Error(error));
    else p.resolve(value);
  }

  get(key: string) {
    return this.ask('get', key);
  }
  async set(key: string, value: string) {
    await this.ask('set', key, value);
  }
  async delete(key: string) {
    await this.ask('delete', key);
  }
}

async function serve(init: InitMessage, port: PortLike): Promise<void> {
  const send = (m: BackendToMain) => port.postMessage(m);
  const secrets = new MainProcessSecretStore(send, init.secretsPersistent, init.secretsWarning);
  let api: ApiService | undefined;
  // Calls that arrive while the demo is generated wait for the service.
  const queued: Extract<MainToBackend, { type: 'call' }>[] = [];
  const answer = async (m: Extract<MainToBackend, { type: 'call' }>) => {
    const result = await api!.callByName(m.name, m.request);
    send({ type: 'result', id: m.id, result });
  };
  port.on('message', ({ data }) => {
    const m = data as MainToBackend;
    if (m.type === 'secret-reply') secrets.reply(m.id, m.value, m.error);
    else if (m.type === 'call') {
      if (api) void answer(m);
      else queued.push(m);
    } else if (m.type === 'shutdown') {
      void (async () => {
        await api?.close();
        port.close();
        process.exit(0);
      })();
    }
  });
  port.start();

  try {
    let workspaceDir = init.workspaceDir;
    const isDemo = !workspaceDir;
    if (!workspaceDir) {
      // First run: show the demo's generation like any job (the window may already be open).
      const job = { id: 'demo-workspace', kind: 'demo' as const, title: 'Preparing the demo workspace' };
      const demo = await ensureDemoWorkspace({
        onProgress: (message) => {
          send({ type: 'starting', message });
          send({ type: 'event', event: { type: 'job', job: { ...job, status: 'running', message } } });
        },
      });
      if (demo.created) send({ type: 'event', event: { type: 'job', job: { ...job, status: 'done', percent: 100, message: `Demo workspace ready in ${demo.seconds.toFixed(0)} s` } } });
      workspaceDir = demo.dir;
    }
    api = await createWorkspaceHost({ workspaceDir, secrets, isDemo, home: wpaHome() });
    api.onEvent((event) => send({ type: 'event', event }));
    send({ type: 'ready', workspaceDir: api.workspaceDir, isDemo });
    for (const m of queued.splice(0)) void answer(m);
  } catch (e) {
    const error = toErrorData(e);
    send({ type: 'fatal', error });
    for (const m of queued.splice(0)) send({ type: 'result', id: m.id, result: { ok: false, error } });
  }
}

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (parentPort) {
  parentPort.once('message', (e) => {
    const init = e.data as InitMessage;
    const port = e.ports[0];
    if (init?.type !== 'init' || !port) {
      process.exit(2);
    }
    void serve(init, port);
  });
}
