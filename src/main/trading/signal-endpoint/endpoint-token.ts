import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../log';
import { readTextIfExists, writeFileAtomic } from '../config/text-file';

/**
 * Where the endpoint's token is kept: the `get`/`set` part of the SecretStore interface (defined
 * in src/main/secrets/secret-store.ts on the Alpaca branch), so any SecretStore fits here.
 */
export interface TokenStore {
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
}

export const SIGNAL_ENDPOINT_TOKEN = 'signal-endpoint.token';

/** Shorter than this is refused: the token is all that stands between a local process and orders. */
const MIN_TOKEN_LENGTH = 32;

/**
 * Each secret as its own owner-only (0600) file in the data folder, named after it. The endpoint
 * token lives here rather than in the keychain because the user's own programs must read it
 * (`signal-endpoint.token`), as with the token files of Jupyter or the Docker socket.
 */
export class TokenFileStore implements TokenStore {
  constructor(private readonly dir: string) {}

  fileOf(name: string): string {
    if (!/^[a-z0-9][a-z0-9_-]*(\.[a-z0-9_-]+)*$/i.test(name)) throw new Error(`invalid token name "${name}"`);
    return path.join(this.dir, name);
  }

  async get(name: string): Promise<string | null> {
    const file = this.fileOf(name);
    const text = await readTextIfExists(file);
    if (text === null) return null;
    if (process.platform !== 'win32') {
      // Put back owner-only permissions if someone loosened them.
      const { mode } = await fs.stat(file);
      if ((mode & 0o077) !== 0) await fs.chmod(file, 0o600);
    }
    const token = text.trim();
    return token === '' ? null : token;
  }

  async set(name: string, value: string): Promise<void> {
    await writeFileAtomic(this.fileOf(name), `${value}\n`, 0o600);
  }
}

/** The endpoint's token: the stored one, or a new random one stored on first use. */
export async function endpointToken(store: TokenStore, log: Logger): Promise<string> {
  let token = await store.get(SIGNAL_ENDPOINT_TOKEN);
  if (token === null) {
    token = crypto.randomBytes(32).toString('base64url');
    await store.set(SIGNAL_ENDPOINT_TOKEN, token);
    log.info('signal-endpoint', `created a new token (${SIGNAL_ENDPOINT_TOKEN} in the data folder)`);
  }
  log.registerSecret(token);
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new Error(`the signal endpoint token must be at least ${MIN_TOKEN_LENGTH} characters without spaces; delete ${SIGNAL_ENDPOINT_TOKEN} to get a new one`);
  }
  return token;
}
