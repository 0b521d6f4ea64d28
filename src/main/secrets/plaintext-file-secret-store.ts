/**
 * INSECURE: secrets in a plaintext JSON file (mode 0600). For Node runs without Electron (the CLI
 * on a headless machine, tests) only. The Electron app uses SafeStorageSecretStore instead. It is
 * not SQLite on purpose: the database gets copied, exported and attached to bug reports.
 */
import { readSecretFile, removeSecretFileEntry, SecretFileLock, writeSecretFile } from './secret-file';
import { assertSecretName, type SecretStore } from './secret-store';

export class PlaintextFileSecretStore implements SecretStore {
  readonly kind = 'plaintext-file' as const;
  readonly description: string;
  readonly location: string;
  private readonly lock = new SecretFileLock();

  constructor(private readonly file: string) {
    this.location = file;
    this.description = `UNENCRYPTED file ${file} (Node/test fallback; readable by anyone with access to this user account)`;
  }

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    const values = await readSecretFile(this.file);
    return values[name] ?? null;
  }

  set(name: string, value: string): Promise<void> {
    assertSecretName(name);
    return this.lock.run(async () => {
      const values = await readSecretFile(this.file);
      values[name] = value;
      await writeSecretFile(this.file, values);
    });
  }

  delete(name: string): Promise<void> {
    assertSecretName(name);
    return this.lock.run(() => removeSecretFileEntry(this.file, name));
  }
}
