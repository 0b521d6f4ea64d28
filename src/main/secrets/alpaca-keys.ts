/**
 * The Alpaca key pairs (paper and live) as the app sees them: saved in the host's SecretStore (the
 * OS keychain in Electron, an unencrypted file in the web host and the CLI) or given by the
 * environment. A saved pair wins over the environment, in the status shown to the user and in the
 * key provider the broker uses, so what the settings say is what trading uses.
 *
 * Secrets leave this class only through `provider()` (to the broker adapter). Every value read or
 * written is registered with the logger's redactor first.
 */
import type { AlpacaKeyMode, AlpacaKeyStatus, KeySource, SecretsStatus } from '../../shared/ipc/services/secrets';
import { keyKind, type AlpacaKeyProvider, type AlpacaKeys } from '../broker/alpaca/config';
import type { Logger } from '../log';
import { ALPACA_SECRET_NAMES, SecretStoreError, type SecretStore, type SecretStoreKind } from './secret-store';

const SOURCE_OF: Readonly<Record<SecretStoreKind, KeySource>> = {
  'electron-safe-storage': 'keychain',
  'plaintext-file': 'file (unencrypted)',
  env: 'environment',
};

export interface AlpacaKeyVaultOptions {
  /** Where keys entered in the app are saved. */
  readonly store: SecretStore;
  /** Read-only fallback: `APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`. */
  readonly environment: SecretStore;
  readonly log: Logger;
  readonly host: SecretsStatus['storage']['host'];
  /** Told the new status (never a secret) after every change. */
  readonly onChange?: (status: SecretsStatus) => void;
}

type PairRead = { readonly keys: AlpacaKeys | null; readonly problem: string | null };

function last4(keyId: string): string {
  return keyId.slice(-4);
}

/** Why a key id cannot serve `mode` (Alpaca's paper ids begin with PK, live ones with AK), or null. */
export function keyModeMismatch(keyId: string, mode: AlpacaKeyMode): string | null {
  const kind = keyKind(keyId);
  if (kind === 'unknown' || kind === mode) return null;
  return `the key id begins with ${kind === 'paper' ? 'PK' : 'AK'}, which makes it a ${kind} key; the ${mode} account needs ${mode} keys (key ids beginning with ${mode === 'paper' ? 'PK' : 'AK'})`;
}

/** Keys refused before they are stored (a paper key offered as the live one). */
export class AlpacaKeyInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlpacaKeyInputError';
  }
}

export class AlpacaKeyVault {
  constructor(private readonly options: AlpacaKeyVaultOptions) {}

  get storeSource(): KeySource {
    return SOURCE_OF[this.options.store.kind];
  }

  async status(): Promise<SecretsStatus> {
    const [paper, live] = await Promise.all([this.modeStatus('paper'), this.modeStatus('live')]);
    const { store, host } = this.options;
    return {
      storage: {
        backend: this.storeSource,
        encrypted: store.kind === 'electron-safe-storage',
        writable: store.kind !== 'env',
        location: store.location,
        description: store.description,
        host,
      },
      alpaca: { paper, live },
    };
  }

  /** Whether `mode` has a complete pair from any source (live trading needs one for live). */
  async present(mode: AlpacaKeyMode): Promise<boolean> {
    return (await this.resolve(mode)) !== null;
  }

  /** The pair the broker adapter uses for `mode`, looked up on each call (a new key applies without a restart). */
  provider(mode: AlpacaKeyMode): AlpacaKeyProvider {
    return () => this.resolve(mode);
  }

  /** Saves a pair for `mode`. The values are registered with the redactor before anything else happens. */
  async set(mode: AlpacaKeyMode, keyId: string, secret: string): Promise<SecretsStatus> {
    const { log, store } = this.options;
    log.registerSecret(keyId);
    log.registerSecret(secret);
    if (store.kind === 'env') throw new SecretStoreError('keys cannot be saved here: this host reads them from environment variables only');
    const mismatch = keyModeMismatch(keyId, mode);
    if (mismatch) throw new AlpacaKeyInputError(mismatch);
    const names = ALPACA_SECRET_NAMES[mode];
    // The secret first: a pair is only complete once its key id is written too.
    await store.set(names.secret, secret);
    await store.set(names.keyId, keyId);
    log.info('secrets', `saved the ${mode} Alpaca key pair (key id ending ${last4(keyId)}) in the ${this.storeSource}`);
    return this.changed();
  }

  async clear(mode: AlpacaKeyMode): Promise<SecretsStatus> {
    const { log, store } = this.options;
    if (store.kind === 'env') throw new SecretStoreError('keys cannot be removed here: they come from environment variables; unset them before starting Sextant');
    const names = ALPACA_SECRET_NAMES[mode];
    await store.delete(names.keyId);
    await store.delete(names.secret);
    log.info('secrets', `removed the saved ${mode} Alpaca key pair from the ${this.storeSource}`);
    return this.changed();
  }

  private async changed(): Promise<SecretsStatus> {
    const status = await this.status();
    this.options.onChange?.(status);
    return status;
  }

  private async resolve(mode: AlpacaKeyMode): Promise<AlpacaKeys | null> {
    const saved = await this.readPair(this.options.store, mode);
    if (saved.keys) return saved.keys;
    return (await this.readPair(this.options.environment, mode)).keys;
  }

  private async modeStatus(mode: AlpacaKeyMode): Promise<AlpacaKeyStatus> {
    const [saved, environment] = await Promise.all([this.readPair(this.options.store, mode), this.readPair(this.options.environment, mode)]);
    const inUse = saved.keys ? { keys: saved.keys, source: this.storeSource } : environment.keys ? { keys: environment.keys, source: 'environment' as const } : null;
    return {
      mode,
      present: inUse !== null,
      source: inUse?.source ?? null,
      keyIdLast4: inUse ? last4(inUse.keys.keyId) : null,
      environmentToo: saved.keys !== null && environment.keys !== null,
      problem: saved.problem ?? environment.problem,
    };
  }

  /** A complete pair, nothing, or why the store could not answer (its message never holds a value). */
  private async readPair(store: SecretStore, mode: AlpacaKeyMode): Promise<PairRead> {
    const names = ALPACA_SECRET_NAMES[mode];
    let keyId: string | null;
    let secret: string | null;
    try {
      [keyId, secret] = await Promise.all([store.get(names.keyId), store.get(names.secret)]);
    } catch (error) {
      const message = this.options.log.redact(error instanceof Error ? error.message : String(error));
      return { keys: null, problem: `the ${SOURCE_OF[store.kind]} could not be read: ${message}` };
    }
    if (keyId) this.options.log.registerSecret(keyId);
    if (secret) this.options.log.registerSecret(secret);
    if (keyId && secret) {
      const mismatch = keyModeMismatch(keyId, mode);
      if (mismatch) return { keys: null, problem: `the ${SOURCE_OF[store.kind]} offers a pair Sextant will not use: ${mismatch}` };
      return { keys: { keyId, secret }, problem: null };
    }
    if (keyId || secret) {
      return { keys: null, problem: `the ${SOURCE_OF[store.kind]} holds only the ${keyId ? 'key id' : 'secret'} of the ${mode} pair; enter both again` };
    }
    return { keys: null, problem: null };
  }
}
