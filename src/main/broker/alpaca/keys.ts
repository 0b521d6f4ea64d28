/**
 * Key providers for the Alpaca adapter. The adapter calls its provider on each connect, so a key
 * entered in settings is used without a restart, and registers whatever it gets with the logger's
 * redactor before the first request.
 */
import { ALPACA_SECRET_NAMES, type SecretStore } from '../../secrets/secret-store';
import type { AlpacaKeyProvider, AlpacaKeys, AlpacaMode } from './config';

/** `APCA_API_KEY_ID` / `APCA_API_SECRET_KEY`, Alpaca's own variables. */
export function envKeyProvider(env: Readonly<Record<string, string | undefined>> = process.env): AlpacaKeyProvider {
  return async () => {
    const keyId = env.APCA_API_KEY_ID?.trim();
    const secret = env.APCA_API_SECRET_KEY?.trim();
    return keyId && secret ? { keyId, secret } : null;
  };
}

/** The key pair saved for `mode` in a SecretStore (the keychain in the app). */
export function secretStoreKeyProvider(store: SecretStore, mode: AlpacaMode): AlpacaKeyProvider {
  const names = ALPACA_SECRET_NAMES[mode];
  return async () => {
    const [keyId, secret] = await Promise.all([store.get(names.keyId), store.get(names.secret)]);
    return keyId && secret ? { keyId, secret } : null;
  };
}

/** The first provider that has a complete pair wins. */
export function firstKeyProvider(...providers: AlpacaKeyProvider[]): AlpacaKeyProvider {
  return async () => {
    for (const provider of providers) {
      const keys: AlpacaKeys | null = await provider();
      if (keys) return keys;
    }
    return null;
  };
}
