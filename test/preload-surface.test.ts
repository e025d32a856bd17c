/**
 * The preload's surface is pinned to the contract: `window.wpa.call` has exactly one method per
 * API_NAMES entry, plus the event subscription and a picked file's path, and nothing else crosses. The real preload module is imported with only the
 * `electron` module stubbed (the Electron binary cannot run here); the main side's IPC handlers are
 * checked the same way, including that senders it did not create are refused.
 */
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { register } from 'node:module';
import { API_NAMES, type BackendEvent } from '../shared/api/contract.js';
import { buildBridge, EVENT_CHANNEL, type WpaBridge } from '../electron/preload/bridge.js';

/** What the stubbed `electron` module records. */
interface StubState {
  exposed: { key: string; api: unknown }[];
  invocations: { channel: string; args: unknown[] }[];
  listeners: Map<string, Set<(...args: unknown[]) => void>>;
  handlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  pathsAsked: unknown[];
}

const STUB_ELECTRON = `
const s = globalThis.__electronStub;
export const contextBridge = { exposeInMainWorld: (key, api) => s.exposed.push({ key, api }) };
export const ipcRenderer = {
  invoke: async (channel, ...args) => { s.invocations.push({ channel, args }); return { ok: true, value: { echoed: channel } }; },
  on: (channel, h) => { if (!s.listeners.has(channel)) s.listeners.set(channel, new Set()); s.listeners.get(channel).add(h); },
  removeListener: (channel, h) => { s.listeners.get(channel)?.delete(h); },
};
export const ipcMain = { handle: (channel, fn) => s.handlers.set(channel, fn) };
export const webUtils = {
  getPathForFile: (file) => {
    s.pathsAsked.push(file);
    if (file?.name === 'in-memory.csv') return '';
    if (!file?.name) throw new TypeError('getPathForFile needs a File');
    return '/home/analyst/' + file.name;
  },
};
export default { contextBridge, ipcRenderer, ipcMain, webUtils };
`;

const HOOKS = `
export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: 'wpa-stub:electron', shortCircuit: true };
  return next(specifier, context);
}
export async function load(url, context, next) {
  if (url === 'wpa-stub:electron') return { format: 'module', source: ${JSON.stringify(STUB_ELECTRON)}, shortCircuit: true };
  return next(url, context);
}
`;

const stub: StubState = { exposed: [], invocations: [], listeners: new Map(), handlers: new Map(), pathsAsked: [] };

before(async () => {
  (globalThis as { __electronStub?: StubState }).__electronStub = stub;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`);
  await import('../electron/preload/preload.js');
});

describe('preload surface', () => {
  test('exposes only window.wpa, with one call per contract name', () => {
    assert.equal(stub.exposed.length, 1);
    assert.equal(stub.exposed[0].key, 'wpa');
    const api = stub.exposed[0].api as WpaBridge;
    assert.deepEqual(Object.keys(api).sort(), ['call', 'onEvent', 'pathForFile']);
    assert.deepEqual(Object.keys(api.call).sort(), [...API_NAMES].sort());
    for (const name of API_NAMES) assert.equal(typeof api.call[name], 'function', name);
    assert.ok(Object.isFrozen(api.call));
  });

  test('a call invokes the channel of its name with the request only', async () => {
    const api = stub.exposed[0].api as WpaBridge;
    const request = { source: { kind: 'table' as const, name: 'Mails' }, offset: 0, limit: 10 };
    const r = await api.call['grid/rows'](request);
    assert.deepEqual(r, { ok: true, value: { echoed: 'grid/rows' } });
    const last = stub.invocations.at(-1)!;
    assert.equal(last.channel, 'grid/rows');
    assert.deepEqual(last.args, [request]);
    await api.call['workspace/info'](undefined as unknown as Record<string, never>);
    assert.deepEqual(stub.invocations.at(-1)!.args, [{}]);
  });

  test('events reach the listener without the IPC event object; unsubscribe stops them', () => {
    const api = stub.exposed[0].api as WpaBridge;
    const got: BackendEvent[] = [];
    const off = api.onEvent((e) => got.push(e));
    const emit = (e: BackendEvent) => stub.listeners.get(EVENT_CHANNEL)?.forEach((h) => h({ sender: 'ipc-event-object' }, e));
    emit({ type: 'workspace-changed' });
    assert.deepEqual(got, [{ type: 'workspace-changed' }]);
    off();
    emit({ type: 'workspace-changed' });
    assert.equal(got.length, 1);
    assert.throws(() => api.onEvent('not a function' as unknown as () => void), TypeError);
  });

  test('pathForFile answers webUtils.getPathForFile’s path, and only a string', () => {
    const api = stub.exposed[0].api as WpaBridge;
    const file = new File(['Key_ID\n'], 'hr.csv');
    assert.equal(api.pathForFile(file), '/home/analyst/hr.csv');
    assert.equal(stub.pathsAsked.at(-1), file, 'the File itself reaches webUtils');
    assert.equal(api.pathForFile(new File([], 'in-memory.csv')), '', 'a file with no path on disk');
    assert.equal(api.pathForFile({} as File), '', 'what webUtils refuses has no path');
    const odd = buildBridge(async () => undefined, () => () => undefined, () => ({ path: '/x' }) as unknown as string);
    assert.equal(odd.pathForFile(file), '', 'nothing but a string crosses');
  });

  test('buildBridge is pure: the same names for any transport', () => {
    const bridge = buildBridge(async () => undefined, () => () => undefined, () => '');
    assert.deepEqual(Object.keys(bridge.call).sort(), [...API_NAMES].sort());
  });
});

describe('main-process IPC', () => {
  test('one handler per contract call; senders the app did not create are refused', async () => {
    const { registerApiHandlers, trustWebContents } = await import('../electron/main/ipc.js');
    const forwarded: string[] = [];
    registerApiHandlers(async (name) => {
      forwarded.push(name);
      return { ok: true, value: null };
    });
    assert.deepEqual([...stub.handlers.keys()].sort(), [...API_NAMES].sort());

    const frame = (url: string) => ({ url });
    const wc = (id: number) => {
      const main = frame('app://wpa/index.html');
      return { id, mainFrame: main, once: () => undefined } as unknown as Parameters<typeof trustWebContents>[0] & { mainFrame: { url: string } };
    };
    const ours = wc(1);
    trustWebContents(ours);
    const handler = stub.handlers.get('workspace/info')!;
    const ok = await handler({ sender: ours, senderFrame: ours.mainFrame }, {});
    assert.deepEqual(ok, { ok: true, value: null });
    assert.deepEqual(forwarded, ['workspace/info']);

    const stranger = wc(2);
    const subframe = frame('app://wpa/index.html');
    const foreignPage = { ...wc(1), mainFrame: frame('https://evil.example/') };
    for (const event of [
      { sender: stranger, senderFrame: stranger.mainFrame },
      { sender: ours, senderFrame: subframe },
      { sender: foreignPage, senderFrame: foreignPage.mainFrame },
      { sender: ours, senderFrame: null },
    ]) {
      const r = (await handler(event, {})) as { ok: boolean; error?: { code: string } };
      assert.equal(r.ok, false);
      assert.equal(r.error?.code, 'transport/forbidden');
    }
    assert.equal(forwarded.length, 1, 'nothing from a refused sender reached the backend');
  });
});
