import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { envKeyProvider, firstKeyProvider, secretStoreKeyProvider } from '../../../src/main/broker/alpaca/keys';
import { EnvSecretStore } from '../../../src/main/secrets/env-secret-store';
import { PlaintextFileSecretStore } from '../../../src/main/secrets/plaintext-file-secret-store';
import { SecretStoreError } from '../../../src/main/secrets/secret-store';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sextant-secrets-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('EnvSecretStore', () => {
  it('reads Alpaca\'s variables for both modes and refuses to write', async () => {
    const store = new EnvSecretStore({ APCA_API_KEY_ID: ' PKID ', APCA_API_SECRET_KEY: 'sec' });
    expect(await store.get('alpaca.paper.key_id')).toBe('PKID');
    expect(await store.get('alpaca.live.secret_key')).toBe('sec');
    expect(await store.get('other.name')).toBeNull();
    await expect(store.set('alpaca.paper.key_id', 'x')).rejects.toThrow(/read-only; set APCA_API_KEY_ID/);
    await expect(store.get('bad name!')).rejects.toThrow(SecretStoreError);
  });
});

describe('PlaintextFileSecretStore (Node/test fallback)', () => {
  it('says it is unencrypted', () => {
    const store = new PlaintextFileSecretStore(path.join(dir, 'secrets.json'));
    expect(store.kind).toBe('plaintext-file');
    expect(store.description).toMatch(/^UNENCRYPTED file/);
  });

  it('stores, reads and deletes with owner-only permissions', async () => {
    const file = path.join(dir, 'nested', 'secrets.json');
    const store = new PlaintextFileSecretStore(file);
    expect(await store.get('alpaca.paper.key_id')).toBeNull();
    await Promise.all([store.set('alpaca.paper.key_id', 'PK1'), store.set('alpaca.paper.secret_key', 's1')]);
    expect(await store.get('alpaca.paper.key_id')).toBe('PK1');
    expect(await store.get('alpaca.paper.secret_key')).toBe('s1');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    await store.delete('alpaca.paper.key_id');
    expect(await store.get('alpaca.paper.key_id')).toBeNull();
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ 'alpaca.paper.secret_key': 's1' });
  });

  it('reports a damaged file instead of losing it', async () => {
    const file = path.join(dir, 'secrets.json');
    fs.writeFileSync(file, '{not json');
    const store = new PlaintextFileSecretStore(file);
    await expect(store.get('alpaca.paper.key_id')).rejects.toThrow(/not valid JSON; move it away/);
    await expect(store.set('alpaca.paper.key_id', 'x')).rejects.toThrow(SecretStoreError);
    expect(fs.readFileSync(file, 'utf8')).toBe('{not json');
  });
});

describe('key providers', () => {
  it('take the first complete pair: the store per mode, then the environment', async () => {
    const store = new PlaintextFileSecretStore(path.join(dir, 'secrets.json'));
    await store.set('alpaca.live.key_id', 'AKLIVE');
    const env = envKeyProvider({ APCA_API_KEY_ID: 'PKENV', APCA_API_SECRET_KEY: 'envsecret' });
    expect(await firstKeyProvider(secretStoreKeyProvider(store, 'live'), env)()).toEqual({ keyId: 'PKENV', secret: 'envsecret' });
    await store.set('alpaca.live.secret_key', 'livesecret');
    expect(await firstKeyProvider(secretStoreKeyProvider(store, 'live'), env)()).toEqual({ keyId: 'AKLIVE', secret: 'livesecret' });
    expect(await secretStoreKeyProvider(store, 'paper')()).toBeNull();
    expect(await envKeyProvider({})()).toBeNull();
  });
});
