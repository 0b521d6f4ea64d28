import { describe, expect, it } from 'vitest';
import { checkKeysForMode, keyKind, resolveAlpacaConfig } from '../../../src/main/broker/alpaca/config';
import { AlpacaConfigError } from '../../../src/main/broker/alpaca/errors';

describe('Alpaca configuration', () => {
  it('is paper on Alpaca\'s hosts by default', () => {
    expect(resolveAlpacaConfig({}, {})).toEqual({
      mode: 'paper',
      feed: 'iex',
      endpoints: {
        tradingUrl: 'https://paper-api.alpaca.markets',
        dataUrl: 'https://data.alpaca.markets',
        tradingStreamUrl: 'wss://paper-api.alpaca.markets/stream',
        dataStreamUrl: 'wss://stream.data.alpaca.markets/v2/iex',
      },
      overridden: [],
    });
  });

  it('refuses live without the confirmation, and uses the live hosts with it', () => {
    expect(() => resolveAlpacaConfig({ mode: 'live' }, {})).toThrow(AlpacaConfigError);
    expect(() => resolveAlpacaConfig({ mode: 'live', liveConfirmed: false }, {})).toThrow(/without confirmation/);
    const live = resolveAlpacaConfig({ mode: 'live', liveConfirmed: true }, {});
    expect(live.endpoints.tradingUrl).toBe('https://api.alpaca.markets');
    expect(live.endpoints.tradingStreamUrl).toBe('wss://api.alpaca.markets/stream');
  });

  it('takes endpoints from SEXTANT_ALPACA_*_URL, settings winning over the environment', () => {
    const env = {
      SEXTANT_ALPACA_TRADING_URL: 'http://127.0.0.1:9000/',
      SEXTANT_ALPACA_DATA_URL: 'http://127.0.0.1:9001',
      SEXTANT_ALPACA_TRADING_STREAM_URL: 'ws://127.0.0.1:9000',
      SEXTANT_ALPACA_DATA_STREAM_URL: 'ws://127.0.0.1:9002',
    };
    const config = resolveAlpacaConfig({ feed: 'sip', endpoints: { dataUrl: 'http://localhost:7000' } }, env);
    expect(config.endpoints).toEqual({
      tradingUrl: 'http://127.0.0.1:9000',
      dataUrl: 'http://localhost:7000',
      tradingStreamUrl: 'ws://127.0.0.1:9000/stream',
      dataStreamUrl: 'ws://127.0.0.1:9002/v2/sip',
    });
    expect(config.overridden).toEqual(['tradingUrl', 'dataUrl', 'tradingStreamUrl', 'dataStreamUrl']);
    expect(resolveAlpacaConfig({}, { SEXTANT_ALPACA_DATA_STREAM_URL: 'ws://h:1/v2/test' }).endpoints.dataStreamUrl).toBe('ws://h:1/v2/test');
  });

  it('says which override is wrong and why', () => {
    expect(() => resolveAlpacaConfig({}, { SEXTANT_ALPACA_TRADING_URL: 'not a url' })).toThrow('tradingUrl from SEXTANT_ALPACA_TRADING_URL is not a URL: "not a url"');
    expect(() => resolveAlpacaConfig({}, { SEXTANT_ALPACA_TRADING_STREAM_URL: 'http://x' })).toThrow(/must start with ws:\/\/ or wss:\/\//);
    expect(() => resolveAlpacaConfig({}, { SEXTANT_ALPACA_DATA_URL: 'https://user:pw@x' })).toThrow(/must not carry credentials/);
    expect(() => resolveAlpacaConfig({ feed: 'nyse' as never }, {})).toThrow(/feed must be one of/);
  });

  it('tells paper keys from live keys and refuses a mismatch', () => {
    expect(keyKind('PKABC')).toBe('paper');
    expect(keyKind('AKABC')).toBe('live');
    expect(keyKind('XYZ')).toBe('unknown');
    expect(() => checkKeysForMode({ keyId: 'PKABC', secret: 's' }, 'live')).toThrow('the configured Alpaca key is a paper key but the mode is live: use live keys');
    expect(() => checkKeysForMode({ keyId: 'AKABC', secret: 's' }, 'paper')).toThrow(/live key but the mode is paper/);
    expect(() => checkKeysForMode(null, 'paper')).toThrow(/no Alpaca paper keys/);
    expect(checkKeysForMode({ keyId: 'AKABC', secret: 's' }, 'live')).toEqual({ keyId: 'AKABC', secret: 's' });
  });
});
