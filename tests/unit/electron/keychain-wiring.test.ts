/**
 * The Electron entry (src/main/hosts/electron/main.ts) started for real with `electron` mocked:
 * keys entered in the desktop app go to safeStorage (the OS keychain), only ciphertext reaches the
 * disk, no plaintext secrets file appears, and the status says "keychain". Also: the only browser
 * permission a window gets is the clipboard write of the copy buttons.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  ipcHandlers: new Map<string, (...args: unknown[]) => unknown>(),
  permissionRequest: null as null | ((contents: unknown, permission: string, callback: (allowed: boolean) => void) => void),
  permissionCheck: null as null | ((contents: unknown, permission: string) => boolean),
  encryptions: 0,
  quit: 0,
}));

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(readonly options: Record<string, unknown>) {}
    loadURL() {
      return Promise.resolve();
    }
    once() {}
    on() {}
    isDestroyed() {
      return false;
    }
    getBounds() {
      return { x: 0, y: 0, width: 1200, height: 800 };
    }
    focus() {}
    show() {}
    isMinimized() {
      return false;
    }
  }
  const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
  return {
    app: {
      requestSingleInstanceLock: () => true,
      on: (name: string, handler: (...args: unknown[]) => void) => electron.appHandlers.set(name, handler),
      whenReady: () => Promise.resolve(),
      getPath: () => os.tmpdir(),
      quit: () => void electron.quit++,
      exit: () => {},
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: typeof electron.permissionRequest) => (electron.permissionRequest = fn),
        setPermissionCheckHandler: (fn: typeof electron.permissionCheck) => (electron.permissionCheck = fn),
        webRequest: { onHeadersReceived: () => {} },
      },
    },
    shell: { openExternal: async () => {} },
    BrowserWindow,
    screen: { getPrimaryDisplay: () => display, getAllDisplays: () => [display] },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => electron.ipcHandlers.set(channel, fn),
      on: () => {},
      removeHandler: () => {},
      removeAllListeners: () => {},
    },
    safeStorage: {
      isAsyncEncryptionAvailable: async () => true,
      getSelectedStorageBackend: () => 'gnome_libsecret',
      encryptStringAsync: async (plain: string) => (electron.encryptions++, Buffer.from(`enc:${Buffer.from(plain, 'utf8').reverse().toString('base64')}`, 'utf8')),
      decryptStringAsync: async (encrypted: Buffer) => ({ result: Buffer.from(encrypted.toString('utf8').slice(4), 'base64').reverse().toString('utf8'), shouldReEncrypt: false }),
    },
  };
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sx-keychain-'));
const argv = process.argv;
process.argv = [...argv, '--data-dir', dataDir];
const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
await import('../../../src/main/hosts/electron/main');
const { CHANNEL_INVOKE } = await import('../../../src/main/hosts/electron/channels');
const { rendererDir } = await import('../../../src/main/paths');

async function invoker() {
  for (let i = 0; i < 200 && !electron.ipcHandlers.has(CHANNEL_INVOKE); i++) await new Promise((r) => setTimeout(r, 25));
  const handler = electron.ipcHandlers.get(CHANNEL_INVOKE);
  if (!handler) throw new Error('the Electron host never served IPC');
  const event = { senderFrame: { url: 'file://' + path.join(rendererDir(), 'index.html') }, sender: { id: 1, isDestroyed: () => false, send: () => {}, once: () => {} } };
  return async (name: string, input: unknown) => (await handler(event, name, input)) as { ok: boolean; value?: any; error?: any };
}

afterAll(async () => {
  const willQuit = electron.appHandlers.get('will-quit');
  willQuit?.({ preventDefault: () => {} });
  for (let i = 0; i < 200 && electron.quit === 0; i++) await new Promise((r) => setTimeout(r, 25));
  process.argv = argv;
  stderr.mockRestore();
});

describe('Electron host: keys in the OS keychain', () => {
  it('saves keys through safeStorage, ciphertext only, and says so in the status', async () => {
    const invoke = await invoker();
    const before = await invoke('secrets.status', {});
    expect(before.value.storage).toEqual({
      backend: 'keychain',
      encrypted: true,
      writable: true,
      location: path.join(dataDir, 'secrets.enc.json'),
      description: expect.stringMatching(/^OS keychain via Electron safeStorage/),
      host: 'electron',
    });
    const keyId = 'AKDESKTOPKEY0000LMNO';
    const secret = 'desktopSecret0123456789abcdefghijklmnopq';
    const saved = await invoke('secrets.setAlpacaKeys', { mode: 'live', keyId, secret });
    expect(saved.ok).toBe(true);
    expect(saved.value.alpaca.live).toMatchObject({ present: true, source: 'keychain', keyIdLast4: 'LMNO' });
    expect(electron.encryptions).toBe(2);
    const onDisk = fs.readFileSync(path.join(dataDir, 'secrets.enc.json'), 'utf8');
    expect(Object.keys(JSON.parse(onDisk)).sort()).toEqual(['alpaca.live.key_id', 'alpaca.live.secret_key']);
    expect(onDisk).not.toContain(secret);
    expect(onDisk).not.toContain(keyId);
    expect(fs.existsSync(path.join(dataDir, 'secrets.json'))).toBe(false);
    // The live switch sees the keychain's pair.
    expect(await invoke('trading.mode.requestLive', {})).toMatchObject({ ok: true, value: { phrase: expect.stringMatching(/^GO LIVE /) } });
  });

  it('grants windows the clipboard write and nothing else', () => {
    const asked = (permission: string) => new Promise<boolean>((resolve) => electron.permissionRequest!({}, permission, resolve));
    return Promise.all([asked('clipboard-sanitized-write'), asked('clipboard-read'), asked('media'), asked('notifications')]).then((answers) => {
      expect(answers).toEqual([true, false, false, false]);
      expect(electron.permissionCheck!({}, 'clipboard-sanitized-write')).toBe(true);
      expect(electron.permissionCheck!({}, 'geolocation')).toBe(false);
    });
  });
});
