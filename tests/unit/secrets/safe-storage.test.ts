/**
 * The Electron safeStorage store, with `electron` mocked (Electron can't start here): encryption
 * goes through safeStorage, only ciphertext reaches the file, and the store refuses to work
 * without a keychain or with Linux's fixed-key `basic_text` backend unless told to accept it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  available: true,
  backend: 'gnome_libsecret' as string,
  reEncrypt: false,
  encryptions: 0,
}));

vi.mock('electron', () => ({
  safeStorage: {
    isAsyncEncryptionAvailable: async () => electron.available,
    getSelectedStorageBackend: () => electron.backend,
    encryptStringAsync: async (plain: string) => (electron.encryptions++, Buffer.from(`enc:${Buffer.from(plain, 'utf8').reverse().toString('base64')}`, 'utf8')),
    decryptStringAsync: async (encrypted: Buffer) => {
      const text = encrypted.toString('utf8');
      if (!text.startsWith('enc:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return { result: Buffer.from(text.slice(4), 'base64').reverse().toString('utf8'), shouldReEncrypt: electron.reEncrypt };
    },
  },
}));

const { SafeStorageSecretStore } = await import('../../../src/main/secrets/safe-storage');

let dir: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-safe-'));
  file = path.join(dir, 'secrets.enc.json');
  Object.assign(electron, { available: true, backend: 'gnome_libsecret', reEncrypt: false });
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SafeStorageSecretStore', () => {
  it('round-trips through safeStorage and writes only ciphertext', async () => {
    const store = new SafeStorageSecretStore({ file, platform: 'linux' });
    await store.set('alpaca.live.secret_key', 'very-secret-value');
    expect(await store.get('alpaca.live.secret_key')).toBe('very-secret-value');
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toContain('very-secret-value');
    expect(Object.keys(JSON.parse(text))).toEqual(['alpaca.live.secret_key']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await store.delete('alpaca.live.secret_key');
    expect(await store.get('alpaca.live.secret_key')).toBeNull();
  });

  it('refuses when the OS keychain is unavailable', async () => {
    electron.available = false;
    const store = new SafeStorageSecretStore({ file, platform: 'darwin' });
    await expect(store.set('alpaca.paper.key_id', 'PK')).rejects.toThrow(/OS keychain is not available/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses Linux basic_text unless explicitly accepted', async () => {
    electron.backend = 'basic_text';
    await expect(new SafeStorageSecretStore({ file, platform: 'linux' }).set('alpaca.paper.key_id', 'PK')).rejects.toThrow(/no keyring/);
    const accepting = new SafeStorageSecretStore({ file, platform: 'linux', allowBasicText: true });
    expect(accepting.description).toMatch(/weak basic_text backend is accepted/);
    await accepting.set('alpaca.paper.key_id', 'PK');
    expect(await accepting.get('alpaca.paper.key_id')).toBe('PK');
    await expect(new SafeStorageSecretStore({ file, platform: 'darwin' }).get('alpaca.paper.key_id')).resolves.toBe('PK');
  });

  it('re-encrypts when safeStorage asks, and explains an undecryptable entry', async () => {
    const store = new SafeStorageSecretStore({ file, platform: 'win32' });
    await store.set('alpaca.paper.key_id', 'PK1');
    const before = electron.encryptions;
    electron.reEncrypt = true;
    expect(await store.get('alpaca.paper.key_id')).toBe('PK1');
    expect(electron.encryptions).toBe(before + 1);
    fs.writeFileSync(file, JSON.stringify({ 'alpaca.paper.key_id': Buffer.from('garbage').toString('base64') }));
    await expect(store.get('alpaca.paper.key_id')).rejects.toThrow(/cannot decrypt "alpaca.paper.key_id" .* enter it again/);
  });
});
