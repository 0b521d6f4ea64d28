/**
 * Where API keys live. Never in SQLite, never in settings, never in an IPC payload: a service asks
 * a SecretStore for a named secret when it needs it and registers the value with the logger's
 * redactor at once.
 *
 * Implementations:
 * - `EnvSecretStore` (env-secret-store.ts): read-only, from environment variables.
 * - `PlaintextFileSecretStore` (plaintext-file-secret-store.ts): an UNENCRYPTED file, for Node runs
 *   and tests only (the CLI on a headless box); it says so in its `kind`.
 * - `SafeStorageSecretStore` (safe-storage.ts): Electron's `safeStorage` (the OS keychain),
 *   imported only by the Electron host.
 */
export type SecretStoreKind = 'env' | 'plaintext-file' | 'electron-safe-storage';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** One line for the UI and logs: where secrets are kept and how safe that is. */
  readonly description: string;
  /** The file the secrets are kept in; null when they are not in a file (environment variables). */
  readonly location: string | null;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

export class SecretStoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretStoreError';
  }
}

/** Secret names are dotted identifiers (`alpaca.paper.key_id`), never user text. */
export function assertSecretName(name: string): void {
  if (!/^[a-z0-9][a-z0-9_.-]{0,127}$/i.test(name)) {
    throw new SecretStoreError(`invalid secret name "${name}": use letters, digits, ".", "_" or "-"`);
  }
}

/** The secret names Sextant uses for Alpaca keys, one pair per mode (paper and live keys differ). */
export const ALPACA_SECRET_NAMES = {
  paper: { keyId: 'alpaca.paper.key_id', secret: 'alpaca.paper.secret_key' },
  live: { keyId: 'alpaca.live.key_id', secret: 'alpaca.live.secret_key' },
} as const;
