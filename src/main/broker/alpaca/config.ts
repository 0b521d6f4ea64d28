/**
 * Which Alpaca Sextant talks to: paper (the default) or live, and where each of the four endpoints
 * is. Live needs three things at once: `mode: 'live'`, `liveConfirmed: true` (the user confirmed
 * the switch), and keys that are not paper keys.
 *
 * Endpoint precedence, per endpoint: explicit settings > `SEXTANT_ALPACA_*_URL` environment
 * variables > Alpaca's hosts for the mode. A stream URL given without a path gets Alpaca's path
 * appended (`/stream`, `/v2/{feed}`); with a path it is used as is.
 */
import { AlpacaConfigError } from './errors';

export type AlpacaMode = 'paper' | 'live';
export type AlpacaDataFeed = 'iex' | 'sip' | 'delayed_sip' | 'test';

export interface AlpacaEndpoints {
  /** Trading REST base, e.g. `https://paper-api.alpaca.markets`. */
  readonly tradingUrl: string;
  /** Market-data REST base, e.g. `https://data.alpaca.markets`. */
  readonly dataUrl: string;
  /** Trading stream, e.g. `wss://paper-api.alpaca.markets/stream`. */
  readonly tradingStreamUrl: string;
  /** Market-data stream including the feed path, e.g. `wss://stream.data.alpaca.markets/v2/iex`. */
  readonly dataStreamUrl: string;
}

export interface AlpacaSettings {
  readonly mode?: AlpacaMode;
  /** The user confirmed live trading. Without it, `mode: 'live'` is refused. */
  readonly liveConfirmed?: boolean;
  readonly feed?: AlpacaDataFeed;
  readonly endpoints?: Partial<AlpacaEndpoints>;
}

export interface ResolvedAlpacaConfig {
  readonly mode: AlpacaMode;
  readonly feed: AlpacaDataFeed;
  readonly endpoints: AlpacaEndpoints;
  /** Which endpoints differ from Alpaca's own hosts (shown in the UI and logged at start-up). */
  readonly overridden: readonly (keyof AlpacaEndpoints)[];
}

export const ALPACA_HOSTS = {
  paper: { trading: 'https://paper-api.alpaca.markets', tradingStream: 'wss://paper-api.alpaca.markets/stream' },
  live: { trading: 'https://api.alpaca.markets', tradingStream: 'wss://api.alpaca.markets/stream' },
  data: 'https://data.alpaca.markets',
  dataStream: 'wss://stream.data.alpaca.markets',
} as const;

export const ENDPOINT_ENV: Readonly<Record<keyof AlpacaEndpoints, string>> = {
  tradingUrl: 'SEXTANT_ALPACA_TRADING_URL',
  dataUrl: 'SEXTANT_ALPACA_DATA_URL',
  tradingStreamUrl: 'SEXTANT_ALPACA_TRADING_STREAM_URL',
  dataStreamUrl: 'SEXTANT_ALPACA_DATA_STREAM_URL',
};

const FEEDS: readonly AlpacaDataFeed[] = ['iex', 'sip', 'delayed_sip', 'test'];

function checkUrl(value: string, protocols: readonly string[], what: string, source: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AlpacaConfigError(`${what} from ${source} is not a URL: "${value}"`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new AlpacaConfigError(`${what} from ${source} must start with ${protocols.map((p) => p + '//').join(' or ')}: "${value}"`);
  }
  if (url.username || url.password) {
    throw new AlpacaConfigError(`${what} from ${source} must not carry credentials`);
  }
  return url;
}

function withDefaultPath(url: URL, path: string): string {
  const text = url.toString().replace(/\/+$/, '');
  return url.pathname === '/' || url.pathname === '' ? text + path : text;
}

export function resolveAlpacaConfig(
  settings: AlpacaSettings = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedAlpacaConfig {
  const mode = settings.mode ?? 'paper';
  if (mode !== 'paper' && mode !== 'live') throw new AlpacaConfigError(`mode must be "paper" or "live", not "${String(mode)}"`);
  if (mode === 'live' && settings.liveConfirmed !== true) {
    throw new AlpacaConfigError('live trading was requested without confirmation: switch to live in settings and confirm it (liveConfirmed)');
  }
  const feed = settings.feed ?? 'iex';
  if (!FEEDS.includes(feed)) throw new AlpacaConfigError(`feed must be one of ${FEEDS.join(', ')}, not "${String(feed)}"`);

  const pick = (key: keyof AlpacaEndpoints): { value: string; source: string } | null => {
    const explicit = settings.endpoints?.[key];
    if (explicit) return { value: explicit, source: `settings (${key})` };
    const fromEnv = env[ENDPOINT_ENV[key]];
    if (fromEnv && fromEnv.trim() !== '') return { value: fromEnv.trim(), source: ENDPOINT_ENV[key] };
    return null;
  };

  const overridden: (keyof AlpacaEndpoints)[] = [];
  const resolve = (key: keyof AlpacaEndpoints, fallback: string, protocols: readonly string[], defaultPath: string | null): string => {
    const chosen = pick(key);
    if (!chosen) return fallback;
    overridden.push(key);
    const url = checkUrl(chosen.value, protocols, key, chosen.source);
    return defaultPath ? withDefaultPath(url, defaultPath) : url.toString().replace(/\/+$/, '');
  };

  const endpoints: AlpacaEndpoints = {
    tradingUrl: resolve('tradingUrl', ALPACA_HOSTS[mode].trading, ['http:', 'https:'], null),
    dataUrl: resolve('dataUrl', ALPACA_HOSTS.data, ['http:', 'https:'], null),
    tradingStreamUrl: resolve('tradingStreamUrl', ALPACA_HOSTS[mode].tradingStream, ['ws:', 'wss:'], '/stream'),
    dataStreamUrl: resolve('dataStreamUrl', `${ALPACA_HOSTS.dataStream}/v2/${feed}`, ['ws:', 'wss:'], `/v2/${feed}`),
  };
  return { mode, feed, endpoints, overridden };
}

export interface AlpacaKeys {
  readonly keyId: string;
  readonly secret: string;
}

/** Supplies keys when the adapter connects (env, the keychain, a test). Null means "none configured". */
export type AlpacaKeyProvider = () => Promise<AlpacaKeys | null>;

/**
 * Alpaca's key ids begin with `PK` for paper accounts and `AK` for live ones. A definite mismatch
 * with the mode is refused before any request: paper keys on the live switch mean the user is not
 * where they think they are.
 */
export function keyKind(keyId: string): AlpacaMode | 'unknown' {
  if (/^PK/.test(keyId)) return 'paper';
  if (/^AK/.test(keyId)) return 'live';
  return 'unknown';
}

export function checkKeysForMode(keys: AlpacaKeys | null, mode: AlpacaMode): AlpacaKeys {
  if (!keys || !keys.keyId || !keys.secret) {
    throw new AlpacaConfigError(`no Alpaca ${mode} keys: set APCA_API_KEY_ID and APCA_API_SECRET_KEY, or enter the keys in settings`);
  }
  const kind = keyKind(keys.keyId);
  if (kind !== 'unknown' && kind !== mode) {
    throw new AlpacaConfigError(`the configured Alpaca key is a ${kind} key but the mode is ${mode}: use ${mode} keys`);
  }
  return keys;
}
