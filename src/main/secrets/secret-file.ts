/**
 * A small JSON map file for secret stores: owner-only permissions (0600), atomic replace (write a
 * temporary file, then rename), and a clear error when the file is damaged. Values are whatever the
 * store puts in (plaintext or ciphertext): this module never interprets them.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { SecretStoreError } from './secret-store';

export async function readSecretFile(file: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new SecretStoreError(`cannot read the secrets file ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SecretStoreError(`the secrets file ${file} is not valid JSON; move it away and enter the keys again`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretStoreError(`the secrets file ${file} must hold a JSON object`);
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string') throw new SecretStoreError(`the secrets file ${file} has a non-text value for "${key}"`);
    out[key] = value;
  }
  return out;
}

export async function writeSecretFile(file: string, values: Record<string, string>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(values, null, 2) + '\n', { encoding: 'utf8', mode: 0o600 });
  await fs.chmod(temporary, 0o600);
  await fs.rename(temporary, file);
}

/** Remove one entry (no-op when absent). Callers hold their store's lock. */
export async function removeSecretFileEntry(file: string, name: string): Promise<void> {
  const values = await readSecretFile(file);
  if (!(name in values)) return;
  delete values[name];
  await writeSecretFile(file, values);
}

/** Serialises read-modify-write cycles on one file within this process. */
export class SecretFileLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
