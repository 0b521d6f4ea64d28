import { beforeEach, describe, expect, it, vi } from 'vitest';

// Electron cannot start on the build machines: its API is replaced by recording fakes.
const recorded = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; url: string | null; handlers: Map<string, (...a: unknown[]) => void> }>,
  ipcHandlers: new Map<string, (...a: unknown[]) => unknown>(),
  ipcListeners: new Map<string, (...a: unknown[]) => unknown>(),
  exposed: new Map<string, unknown>(),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    private readonly record: (typeof recorded.windows)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options, url: null, handlers: new Map() };
      recorded.windows.push(this.record);
    }
    loadURL(url: string) {
      this.record.url = url;
      return Promise.resolve();
    }
    once(event: string, handler: () => void) {
      this.record.handlers.set(event, handler);
    }
    on(event: string, handler: () => void) {
      this.record.handlers.set(event, handler);
    }
    isDestroyed() {
      return false;
    }
    getBounds() {
      const o = this.record.options as { x: number; y: number; width: number; height: number };
      return { x: o.x, y: o.y, width: o.width, height: o.height };
    }
    focus() {}
    show() {}
    isMinimized() {
      return false;
    }
  }
  const display = { id: 7, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    BrowserWindow,
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    ipcMain: {
      handle: (channel: string, fn: (...a: unknown[]) => unknown) => recorded.ipcHandlers.set(channel, fn),
      on: (channel: string, fn: (...a: unknown[]) => unknown) => recorded.ipcListeners.set(channel, fn),
      removeHandler: () => {},
      removeAllListeners: () => {},
    },
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => recorded.exposed.set(key, api) },
    ipcRenderer: { invoke: vi.fn(async () => ({ ok: true, value: 1 })), send: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
  };
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSextant } from '../../../src/main/app';
import { silentLogger } from '../../../src/main/log';
import { WindowManager } from '../../../src/main/hosts/electron/window-manager';
import { bridgeIpc } from '../../../src/main/hosts/electron/ipc-bridge';
import { isAllowedExternalUrl, isAppUrl, DESKTOP_CSP } from '../../../src/main/hosts/electron/security';
import { CHANNEL_INVOKE } from '../../../src/main/hosts/electron/channels';

const rendererIndex = '/opt/Sextant/resources/app.asar/dist/renderer/index.html';

describe('Electron host', () => {
  beforeEach(() => {
    recorded.windows.length = 0;
    recorded.ipcHandlers.clear();
  });

  it('opens windows isolated, sandboxed and without Node, with the preload bridge', async () => {
    const sextant = await startSextant({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sx-el-')), host: 'electron', log: silentLogger() });
    const manager = new WindowManager(sextant, rendererIndex, '/opt/preload.cjs');
    manager.restoreAll();
    expect(recorded.windows).toHaveLength(1);
    const prefs = recorded.windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, nodeIntegration: false, sandbox: true, webSecurity: true, webviewTag: false, preload: '/opt/preload.cjs' });
    expect(recorded.windows[0]!.url).toBe('file://' + rendererIndex);
    await sextant.close();
  });

  it('restores a popped-out window from the saved layout on its display', async () => {
    const sextant = await startSextant({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sx-el-')), host: 'electron', log: silentLogger() });
    sextant.context.layouts.save({
      name: 'default',
      windows: [
        { windowId: 'main', displayId: 7, bounds: { x: 10, y: 10, width: 1000, height: 700 }, panels: [] },
        { windowId: 'w-chart', displayId: 99, bounds: { x: 3000, y: 10, width: 800, height: 600 }, panels: [{ id: 'c', kind: 'chart', settings: {} }] },
      ],
    });
    new WindowManager(sextant, rendererIndex, '/opt/preload.cjs').restoreAll();
    expect(recorded.windows).toHaveLength(2);
    expect(recorded.windows[0]!.options).toMatchObject({ x: 10, y: 10, width: 1000, height: 700 });
    // Display 99 is gone: the window comes back centred on the primary display.
    expect(recorded.windows[1]!.options).toMatchObject({ x: 560, y: 240, width: 800, height: 600 });
    expect(recorded.windows[1]!.url).toContain('?window=w-chart');
    await sextant.close();
  });

  it('answers IPC only from Sextant frames and validates payloads in main', async () => {
    const sextant = await startSextant({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sx-el-')), host: 'electron', log: silentLogger() });
    bridgeIpc(sextant, rendererIndex);
    const invoke = recorded.ipcHandlers.get(CHANNEL_INVOKE)!;
    const sender = { id: 1, isDestroyed: () => false, send: () => {}, once: () => {} };
    const fromApp = { senderFrame: { url: 'file://' + rendererIndex }, sender };
    const fromElsewhere = { senderFrame: { url: 'https://evil.example/' }, sender };
    expect(await invoke(fromApp, 'system.info', {})).toMatchObject({ ok: true, value: { name: 'Sextant', host: 'electron' } });
    expect(await invoke(fromElsewhere, 'system.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await invoke(fromApp, 'system.ping', { sentAt: 'bad' })).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    expect(await invoke(fromApp, 42, {})).toMatchObject({ ok: false, error: { code: 'unknown_request' } });
    await sextant.close();
  });

  it('allows navigation only within the renderer bundle and external links only to known sites', () => {
    expect(isAppUrl('file://' + rendererIndex + '?window=w-1', rendererIndex)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', rendererIndex)).toBe(false);
    expect(isAppUrl('https://example.com/', rendererIndex)).toBe(false);
    expect(isAllowedExternalUrl('https://app.alpaca.markets/')).toBe(true);
    expect(isAllowedExternalUrl('http://app.alpaca.markets/')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
    expect(DESKTOP_CSP).toContain("script-src 'self'");
    expect(DESKTOP_CSP).not.toContain('unsafe-eval');
  });

  it('the preload exposes exactly the small typed bridge', async () => {
    await import('../../../src/main/hosts/electron/preload');
    const bridge = recorded.exposed.get('sextant') as Record<string, unknown>;
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvents', 'subscribe', 'unsubscribe']);
    expect(() => (bridge.subscribe as (n: string) => void)('../../etc')).toThrow(/contract name/);
  });
});
