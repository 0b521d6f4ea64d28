import { SecretStoreError, assertSecretName, type SecretStore } from './secret-store';

/**
 * Secrets from environment variables, read-only. `names` maps a secret name to the variable that
 * holds it; by default the Alpaca key pair (`APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`) serves both
 * the paper and the live names, since Alpaca's own tools read those two variables for either.
 */
export const DEFAULT_ENV_SECRET_NAMES: Readonly<Record<string, string>> = {
  'alpaca.paper.key_id': 'APCA_API_KEY_ID',
  'alpaca.paper.secret_key': 'APCA_API_SECRET_KEY',
  'alpaca.live.key_id': 'APCA_API_KEY_ID',
  'alpaca.live.secret_key': 'APCA_API_SECRET_KEY',
};

export class EnvSecretStore implements SecretStore {
  readonly kind = 'env' as const;
  readonly description = 'environment variables (read-only)';
  readonly location = null;

  constructor(
    private readonly env: Readonly<Record<string, string | undefined>> = process.env,
    private readonly names: Readonly<Record<string, string>> = DEFAULT_ENV_SECRET_NAMES,
  ) {}

  async get(name: string): Promise<string | null> {
    assertSecretName(name);
    const variable = this.names[name];
    if (!variable) return null;
    const value = this.env[variable];
    return value && value.trim() !== '' ? value.trim() : null;
  }

  async set(name: string, _value?: string): Promise<void> {
    throw new SecretStoreError(`cannot store "${name}": environment variables are read-only; set ${this.names[name] ?? 'the variable'} before starting Sextant`);
  }

  async delete(name: string): Promise<void> {
    throw new SecretStoreError(`cannot delete "${name}": environment variables are read-only`);
  }
}
