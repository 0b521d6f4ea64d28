import { IpcError } from '../../shared/ipc/errors';
import type { Handlers } from '../ipc/router';
import type { Logger } from '../log';
import { AlpacaKeyInputError, type AlpacaKeyVault } from '../secrets/alpaca-keys';
import { SecretStoreError } from '../secrets/secret-store';
import type { TradingConfigService } from '../trading/config/trading-config-service';

type SecretsHandlers = Pick<Handlers, 'secrets.status' | 'secrets.setAlpacaKeys' | 'secrets.clearAlpacaKeys'>;

/** Store failures become typed answers; every message passes the redactor on its way out. */
async function guarded<T>(log: Logger, task: () => Promise<T>): Promise<T> {
  try {
    return await task();
  } catch (error) {
    const message = log.redact(error instanceof Error ? error.message : String(error));
    if (error instanceof AlpacaKeyInputError) throw new IpcError('invalid_payload', message);
    if (error instanceof SecretStoreError) throw new IpcError('unavailable', message);
    log.error('secrets', message);
    throw new IpcError('internal', message);
  }
}

/** The keys section of the settings: status, write-only saving, and removal. */
export function secretsHandlers(vault: AlpacaKeyVault, config: TradingConfigService, log: Logger): SecretsHandlers {
  return {
    'secrets.status': () => guarded(log, () => vault.status()),
    'secrets.setAlpacaKeys': ({ mode, keyId, secret }) => {
      // Before anything can fail and put the values into a message.
      log.registerSecret(keyId);
      log.registerSecret(secret);
      return guarded(log, () => vault.set(mode, keyId, secret));
    },
    'secrets.clearAlpacaKeys': ({ mode }) =>
      guarded(log, async () => {
        const status = await vault.clear(mode);
        // Trading live without live keys would fail at the next order: go back to paper now.
        if (mode === 'live' && !status.alpaca.live.present && config.modeView.effective === 'live') {
          await config.leaveLive('ui', 'the live keys were removed');
        }
        return status;
      }),
  };
}
