import path from 'node:path';
import { PlaintextFileSecretStore } from './plaintext-file-secret-store';

/** The unencrypted secrets file of the web host and the CLI, in the data folder (mode 0600). */
export const PLAINTEXT_SECRETS_FILE = 'secrets.json';

/** The keychain's ciphertext file of the Electron host, in the data folder. */
export const KEYCHAIN_SECRETS_FILE = 'secrets.enc.json';

/** Where hosts without Electron's safeStorage (the web host, the CLI) keep keys entered in the app. */
export function plaintextSecretStore(dataDir: string): PlaintextFileSecretStore {
  return new PlaintextFileSecretStore(path.join(dataDir, PLAINTEXT_SECRETS_FILE));
}
