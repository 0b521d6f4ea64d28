/**
 * Shared set-up for the Alpaca integration tests: an emulator, an adapter pointed at it through the
 * `SEXTANT_ALPACA_*_URL` variables, a logger whose every line (and record) is captured, and short
 * stream intervals so reconnects and stalls take milliseconds. Waits poll a condition; their
 * time limit only turns a hang into a failure, it is never what a test asserts.
 */
import { AlpacaAdapter, type AlpacaAdapterOptions } from '../../../src/main/broker/alpaca/adapter';
import { createLogger, type Logger } from '../../../src/main/log';
import { startAlpacaEmulator, type AlpacaEmulator } from '../../support/alpaca-emulator';

export interface CapturedLog {
  readonly logger: Logger;
  readonly lines: string[];
  readonly records: string[];
  text(): string;
}

export function captureLog(): CapturedLog {
  const lines: string[] = [];
  const records: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  logger.onRecord((record) => records.push(`${record.level} [${record.scope}] ${record.message}`));
  return { logger, lines, records, text: () => [...lines, ...records].join('\n') };
}

/** Stream tuning for tests: fast backoff, a short stall window, deterministic jitter. */
export const FAST_STREAMS = {
  backoff: { initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 },
  stallTimeoutMs: 400,
  pingIntervalMs: 100,
  handshakeTimeoutMs: 2_000,
  stableAfterMs: 60_000,
} as const;

export interface Rig {
  readonly emulator: AlpacaEmulator;
  readonly adapter: AlpacaAdapter;
  readonly log: CapturedLog;
  /** Delays the adapter asked to sleep (REST retries); the sleeps themselves resolve at once. */
  readonly sleeps: number[];
  close(): Promise<void>;
}

export async function startRig(overrides: Partial<AlpacaAdapterOptions> & { feed?: string; codec?: 'msgpack' | 'json' } = {}): Promise<Rig> {
  const emulator = await startAlpacaEmulator();
  const log = captureLog();
  const sleeps: number[] = [];
  const adapter = await AlpacaAdapter.create({
    env: emulator.env(overrides.feed ?? 'iex'),
    log: log.logger,
    rest: { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, rateLimit: false },
    tradingStream: FAST_STREAMS,
    marketDataStream: { ...FAST_STREAMS, codec: overrides.codec ?? 'msgpack' },
    ...overrides,
  });
  return {
    emulator,
    adapter,
    log,
    sleeps,
    close: async () => {
      adapter.stop();
      await emulator.close();
    },
  };
}

export async function waitFor<T>(check: () => T | undefined | null | false, what: string, limitMs = 5_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
