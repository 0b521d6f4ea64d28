import { z } from 'zod';
import { event, request } from '../define';

/** Which Alpaca account a key pair opens: paper and live keys differ. */
export const AlpacaKeyMode = z.enum(['paper', 'live']);
export type AlpacaKeyMode = z.infer<typeof AlpacaKeyMode>;

/**
 * Where a key pair comes from: the OS keychain (Electron safeStorage), a plaintext file (the web
 * host and the CLI; spelled out so no consumer can miss that it is unencrypted), or environment
 * variables.
 */
export const KeySource = z.enum(['keychain', 'file (unencrypted)', 'environment']);
export type KeySource = z.infer<typeof KeySource>;

export const AlpacaKeyStatus = z.object({
  mode: AlpacaKeyMode,
  /** A complete pair (key id and secret) is available. */
  present: z.boolean(),
  /** Where the pair in use comes from; null when there is none. */
  source: KeySource.nullable(),
  /** The last 4 characters of the key id in use, never more, never the secret. */
  keyIdLast4: z.string().max(4).nullable(),
  /** The environment also holds a pair, which a saved pair takes precedence over. */
  environmentToo: z.boolean(),
  /** Why the saved keys could not be read (a locked keychain, half a pair, a damaged file). */
  problem: z.string().nullable(),
});
export type AlpacaKeyStatus = z.infer<typeof AlpacaKeyStatus>;

/** Where keys entered in the app are kept. */
export const SecretStorageView = z.object({
  backend: KeySource,
  encrypted: z.boolean(),
  writable: z.boolean(),
  /** The file the keys are written to (ciphertext for the keychain); null for the environment. */
  location: z.string().nullable(),
  /** The store's own one-line description. */
  description: z.string(),
  /** The host that chose this store: the web host and the CLI cannot reach the OS keychain. */
  host: z.enum(['electron', 'web', 'cli', 'test']),
});
export type SecretStorageView = z.infer<typeof SecretStorageView>;

export const SecretsStatus = z.object({
  storage: SecretStorageView,
  alpaca: z.object({ paper: AlpacaKeyStatus, live: AlpacaKeyStatus }),
});
export type SecretsStatus = z.infer<typeof SecretsStatus>;

/** Alpaca key ids are 20 upper-case letters and digits; a little room either way. */
export const AlpacaKeyIdInput = z
  .string()
  .trim()
  .min(8, 'the key id is too short (Alpaca key ids have 20 characters)')
  .max(128, 'the key id is too long (Alpaca key ids have 20 characters)')
  .regex(/^[A-Za-z0-9]+$/, 'the key id may hold letters and digits only');

/** Printable characters without spaces; the value itself never appears in a message. */
export const AlpacaSecretInput = z
  .string()
  .trim()
  .min(16, 'the secret is too short (Alpaca secrets have 40 characters)')
  .max(256, 'the secret is too long (Alpaca secrets have 40 characters)')
  .regex(/^[\x21-\x7e]+$/, 'the secret may hold printable characters without spaces only');

export const secretsRequests = {
  /** Which keys are present and where from; never a secret, at most the key id's last 4 characters. */
  'secrets.status': request(z.object({}).strict(), SecretsStatus),
  /** Write-only: the secret is stored and never sent back, logged or published. */
  'secrets.setAlpacaKeys': request(z.object({ mode: AlpacaKeyMode, keyId: AlpacaKeyIdInput, secret: AlpacaSecretInput }).strict(), SecretsStatus),
  /** Removes the saved pair of `mode` (environment variables stay as they are). Leaves live trading when its keys go. */
  'secrets.clearAlpacaKeys': request(z.object({ mode: AlpacaKeyMode }).strict(), SecretsStatus),
};

export const secretsEvents = {
  'secrets.changed': event(SecretsStatus, { keep: 'latest', key: () => 'status' }),
};
