/**
 * Secrets encrypted with Electron's `safeStorage` (macOS Keychain, Windows DPAPI, libsecret/kwallet
 * on Linux) and kept as base64 ciphertext in a JSON file in the data folder. Imported only by the
 * Electron host: `electron` cannot be loaded in plain Node.
 *
 * On Linux without a keyring, Electron falls back to `basic_text`, which encrypts with a fixed,
 * public key: that is obfuscation, not protection, so this store refuses it unless the caller
 * explicitly accepts it (and then says so in its description).
 */
import { safeStorage } from 'electron';
import { readSecretFile, removeSecretFileEntry, SecretFileLock, writeSecretFile } from './secret-file';
import { assertSecretName, SecretStoreError, type SecretStore } from './secret-store';

export interface SafeStorageSecretStoreOptions {
  /** The ciphertext file, e.g. `<dataDir>/secrets.enc.json`. */
  readonly file: string;
  /** Accept Linux's `basic_text` backend (a hard-coded key). Default false. */
  readonly allowBasicText?: boolean;
  /** `process.platform`, injectable for tests. */
  readonly platform?: NodeJS.Platform;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'electron-safe-storage' as const;
  readonly description: string;
  readonly location: string;
  private readonly file: string;
  private readonly lock = new SecretFileLock();
  private readonly allowBasicText: boolean;
  private readonly platform: NodeJS.Platform;
  private checked: Promise<void> | null = null;

  constructor(options: SafeStorageSecretStoreOptions) {
    this.file = options.file;
    this.location = options.file;
    this.allowBasicText = options.allowBasicText ?? false;
    this.platform = options.platform ?? process.platform;
    this.description = `OS keychain via Electron safeStorage (ciphertext in ${this.file})` +
      (this.allowBasicText ? '; on Linux without a keyring the weak basic_text backend is accepted' : '');
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    await this.ensureAvailable();
    const values = await readSecretFile(this.file);
    const stored = values[name];
    if (stored === undefined) return null;
    let decrypted: Electron.DecryptStringAsyncReturnValue;
    try {
      decrypted = await safeStorage.decryptStringAsync(Buffer.from(stored, 'base64'));
    } catch (error) {
      throw new SecretStoreError(`cannot decrypt "${name}" (was it saved by another user or machine?): ${(error as Error).message}; enter it again`);
    }
    if (decrypted.shouldReEncrypt) await this.set(name, decrypted.result);
    return decrypted.result;
  }

  set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    return this.lock.run(async () => {
      await this.ensureAvailable();
      const encrypted = await safeStorage.encryptStringAsync(value);
      const values = await readSecretFile(this.file);
      values[name] = Buffer.from(encrypted).toString('base64');
      await writeSecretFile(this.file, values);
    });
  }

  delete(name: string): Promise<void> {
    assertSecretName(name);
    return this.lock.run(() => removeSecretFileEntry(this.file, name));
  }

  private ensureAvailable(): Promise<void> {
    this.checked ??= this.check().catch((error: unknown) => {
      this.checked = null;
      throw error;
    });
    return this.checked;
  }

  private async check(): Promise<void> {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) {
      throw new SecretStoreError('the OS keychain is not available (safeStorage reports no encryption); keys cannot be stored safely on this machine');
    }
    if (this.platform === 'linux') {
      const backend = safeStorage.getSelectedStorageBackend();
      if (backend === 'basic_text' && !this.allowBasicText) {
        throw new SecretStoreError('no keyring (gnome-libsecret or kwallet) was found: Electron would encrypt keys with a fixed key; install and unlock a keyring, or accept the weaker storage in settings');
      }
    }
  }
}
