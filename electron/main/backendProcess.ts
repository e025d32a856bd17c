/**
 * The backend's utility process as seen from main: start it, forward calls, receive results and
 * events, answer its secret-store requests. Main holds no business logic; it only routes.
 */
import { MessageChannelMain, utilityProcess, type MessagePortMain, type UtilityProcess } from 'electron';
import type { ApiName, BackendEvent, Result } from '../../shared/api/contract.js';
import type { AppErrorData } from '../../shared/errors.js';
import type { SecretStore } from '../backend/api/secrets.js';
import type { BackendToMain, InitMessage, MainToBackend } from '../backend/utilityEntry.js';

export interface BackendOptions {
  entry: string;
  workspaceDir?: string;
  secrets: SecretStore;
  onEvent(e: BackendEvent): void;
  /** Progress text while the backend prepares the workspace (first-run demo generation). */
  onStarting(message: string): void;
  onFatal(error: AppErrorData): void;
}

export class BackendProcess {
  private readonly child: UtilityProcess;
  private readonly port: MessagePortMain;
  private next = 1;
  private readonly pending = new Map<number, (r: Result<unknown>) => void>();
  private exited = false;
  /** Resolves once the service is up. */
  readonly ready: Promise<{ workspaceDir: string; isDemo: boolean }>;

  constructor(private readonly options: BackendOptions) {
    this.child = utilityProcess.fork(options.entry, [], { serviceName: 'WPA Explorer backend', stdio: 'inherit' });
    const { port1, port2 } = new MessageChannelMain();
    this.port = port1;
    let markReady: (v: { workspaceDir: string; isDemo: boolean }) => void = () => undefined;
    this.ready = new Promise((resolve) => (markReady = resolve));
    port1.on('message', ({ data }) => this.receive(data as BackendToMain, markReady));
    port1.start();
    const init: InitMessage = { type: 'init', workspaceDir: options.workspaceDir, secretsPersistent: options.secrets.persistent, secretsWarning: options.secrets.warning };
    this.child.postMessage(init, [port2]);
    this.child.on('exit', (code) => {
      this.exited = true;
      const error: AppErrorData = { code: 'transport/backend-exited', message: `The WPA Explorer backend stopped (exit code ${code}).`, hint: 'Restart the app; if it happens again, report it with the steps that led here.' };
      for (const resolve of this.pending.values()) resolve({ ok: false, error });
      this.pending.clear();
      if (code !== 0) options.onFatal(error);
    });
  }

  call(name: ApiName, request: unknown): Promise<Result<unknown>> {
    if (this.exited) return Promise.resolve({ ok: false, error: { code: 'transport/backend-exited', message: 'The WPA Explorer backend is not running.', hint: 'Restart the app.' } });
    const id = this.next++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      const m: MainToBackend = { type: 'call', id, name, request };
      this.port.postMessage(m);
    });
  }

  /** Ask the backend to close the database and exit; kill it if it does not within `ms`. */
  async stop(ms = 5000): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.port.postMessage({ type: 'shutdown' } satisfies MainToBackend);
    const timer = setTimeout(() => this.child.kill(), ms);
    await exited;
    clearTimeout(timer);
  }

  private receive(m: BackendToMain, markReady: (v: { workspaceDir: string; isDemo: boolean }) => void): void {
    switch (m.type) {
      case 'result': {
        const resolve = this.pending.get(m.id);
        this.pending.delete(m.id);
        resolve?.(m.result);
        break;
      }
      case 'event':
        this.options.onEvent(m.event);
        break;
      case 'ready':
        markReady({ workspaceDir: m.workspaceDir, isDemo: m.isDemo });
        break;
      case 'starting':
        this.options.onStarting(m.message);
        break;
      case 'fatal':
        this.options.onFatal(m.error);
        break;
      case 'secret':
        void this.answerSecret(m);
        break;
    }
  }

  private async answerSecret(m: Extract<BackendToMain, { type: 'secret' }>): Promise<void> {
    const reply = (value?: string, error?: string) => this.port.postMessage({ type: 'secret-reply', id: m.id, value, error } satisfies MainToBackend);
    try {
      const s = this.options.secrets;
      if (m.op === 'get') reply(await s.get(m.key));
      else if (m.op === 'set') {
        await s.set(m.key, m.value ?? '');
        reply();
      } else {
        await s.delete(m.key);
        reply();
      }
    } catch (e) {
      reply(undefined, e instanceof Error ? e.message : String(e));
    }
  }
}
