/**
 * The market-data stream against the emulator: both codecs, one shared connection with
 * reference-counted subscriptions, resubscription after a drop, stall detection, Alpaca's error
 * codes, and the bar feed's backfill of exactly the bars missed while disconnected.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedBar } from '../../../src/main/broker/alpaca/bar-feed';
import type { StreamBar, StreamQuote, StreamTrade } from '../../../src/main/broker/alpaca/stream/market-data-stream';
import { minuteBars } from '../../support/alpaca-emulator';
import { startRig, waitFor, type Rig } from './helpers';

let rig: Rig;

afterEach(async () => {
  await rig.close();
});

const T0 = Date.parse('2024-07-01T13:30:00Z');

async function connected(codec: 'msgpack' | 'json' = 'msgpack'): Promise<void> {
  rig = await startRig({ codec });
  rig.adapter.marketData.start();
  await waitFor(() => rig.adapter.streamStatus('market-data').state === 'connected', 'the data stream');
}

function sentActions(): string[] {
  return rig.emulator.dataStream.received.map(({ message }) => {
    const { action, key: _key, secret: _secret, ...rest } = message;
    return `${String(action)} ${JSON.stringify(rest)}`;
  });
}

describe.each(['msgpack', 'json'] as const)('market data over %s', (codec) => {
  it('decodes trades, quotes, bars, updated and daily bars with epoch-ms times', async () => {
    await connected(codec);
    expect(rig.emulator.dataStream.received[0]!.codec).toBe(codec);
    const got: (StreamTrade | StreamQuote | StreamBar)[] = [];
    const kinds: string[] = [];
    rig.adapter.marketData.subscribe(
      { trades: ['AAPL'], quotes: ['AAPL'], bars: ['AAPL'], updatedBars: ['AAPL'], dailyBars: ['AAPL'] },
      {
        trade: (t) => (kinds.push('trade'), got.push(t)),
        quote: (q) => (kinds.push('quote'), got.push(q)),
        bar: (b) => (kinds.push('bar'), got.push(b)),
        updatedBar: (b) => (kinds.push('updatedBar'), got.push(b)),
        dailyBar: (b) => (kinds.push('dailyBar'), got.push(b)),
      },
    );
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.bars?.includes('AAPL'), 'the subscription ack');
    const t = T0 + 123;
    rig.emulator.control.publish([
      { T: 't', S: 'AAPL', t, p: 190.5, s: 100, i: 42, x: 'V', z: 'C' },
      { T: 'q', S: 'AAPL', t, bp: 190.4, bs: 2, ap: 190.6, as: 3, bx: 'V', ax: 'Q' },
      { T: 'b', S: 'AAPL', t: T0, o: 1, h: 2, l: 0.5, c: 1.5, v: 900, n: 9, vw: 1.2 },
      { T: 'u', S: 'AAPL', t: T0, o: 1, h: 2.5, l: 0.5, c: 1.6, v: 950, n: 10, vw: 1.3 },
      { T: 'd', S: 'AAPL', t: T0, o: 1, h: 2.5, l: 0.5, c: 1.6, v: 950, n: 10, vw: 1.3 },
      { T: 't', S: 'MSFT', t, p: 400, s: 1 },
    ]);
    await waitFor(() => got.length === 5, 'five messages');
    expect(kinds).toEqual(['trade', 'quote', 'bar', 'updatedBar', 'dailyBar']);
    expect(got[0]).toEqual({ symbol: 'AAPL', t, price: 190.5, size: 100, exchange: 'V', id: 42, tape: 'C' });
    expect(got[1]).toEqual({ symbol: 'AAPL', t, bidPrice: 190.4, bidSize: 2, askPrice: 190.6, askSize: 3, bidExchange: 'V', askExchange: 'Q' });
    expect(got[2]).toEqual({ symbol: 'AAPL', t: T0, o: 1, h: 2, l: 0.5, c: 1.5, v: 900, n: 9, vw: 1.2 });
    expect(rig.adapter.marketData.messageStats).toEqual({ messages: 5, skipped: 0 });
  });
});

describe('one shared connection', () => {
  it('counts references: Alpaca hears the first subscriber in and the last one out', async () => {
    await connected();
    const a: number[] = [];
    const b: number[] = [];
    const first = rig.adapter.marketData.subscribe({ bars: ['AAPL'] }, { bar: (bar) => a.push(bar.c) });
    const second = rig.adapter.marketData.subscribe({ bars: ['AAPL', 'MSFT'] }, { bar: (bar) => b.push(bar.c) });
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.bars?.length === 2, 'both symbols');
    rig.emulator.control.publishBars('AAPL', minuteBars(T0, 1, 10));
    rig.emulator.control.publishBars('MSFT', minuteBars(T0, 1, 20));
    await waitFor(() => a.length === 1 && b.length === 2, 'the bars');
    first.unsubscribe();
    first.unsubscribe();
    second.unsubscribe();
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.bars === undefined, 'the empty subscription');
    expect(sentActions()).toEqual([
      'auth {}',
      'subscribe {"bars":["AAPL"]}',
      'subscribe {"bars":["MSFT"]}',
      'unsubscribe {"bars":["AAPL","MSFT"]}',
    ]);
    expect(rig.emulator.dataStream.connectionsAccepted).toBe(1);
  });

  it('after a drop it reconnects with backoff and re-sends the whole subscription', async () => {
    await connected();
    rig.adapter.marketData.subscribe({ bars: ['AAPL'], trades: ['MSFT'] }, {});
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.trades?.length === 1, 'the ack');
    rig.emulator.control.data.dropConnections();
    await waitFor(() => rig.adapter.streamStatus('market-data').connection === 2, 'the reconnection');
    expect(sentActions()).toEqual(['auth {}', 'subscribe {"trades":["MSFT"],"bars":["AAPL"]}', 'auth {}', 'subscribe {"trades":["MSFT"],"bars":["AAPL"]}']);
    expect(rig.emulator.dataStream.authenticatedClients).toBe(1);
  });

  it('detects a stall and replaces the connection', async () => {
    await connected();
    rig.emulator.control.data.stall();
    await waitFor(() => rig.adapter.marketData.socketStats.stalls === 1, 'the stall detection');
    await waitFor(() => rig.adapter.streamStatus('market-data').connection === 2 && rig.adapter.streamStatus('market-data').state === 'connected', 'reconnection');
    rig.emulator.control.data.endStall();
  });
});

describe('Alpaca error codes', () => {
  it('402 auth failed is terminal: error state, one attempt', async () => {
    rig = await startRig();
    rig.emulator.control.data.rejectNextAuth(1);
    rig.adapter.marketData.start();
    await waitFor(() => rig.adapter.streamStatus('market-data').state === 'error', 'the error state');
    expect(rig.adapter.streamStatus('market-data').reason).toBe('Alpaca market-data error 402: auth failed');
    expect(rig.emulator.dataStream.connectionsAccepted).toBe(1);
  });

  it('406 connection limit exceeded is retried with backoff until the slot frees', async () => {
    rig = await startRig();
    rig.emulator.dataStream.options.connectionLimit = 1;
    const { default: WebSocket } = await import('ws');
    const squatter = new WebSocket(rig.emulator.urls.dataStream('iex'));
    await new Promise((resolve) => squatter.on('open', resolve));
    squatter.send(JSON.stringify({ action: 'auth', key: rig.emulator.keys.keyId, secret: rig.emulator.keys.secret }));
    await waitFor(() => rig.emulator.dataStream.authenticatedClients === 1, 'the other connection');
    const errors: number[] = [];
    rig.adapter.marketData.onServerError((error) => errors.push(error.code));
    rig.adapter.marketData.start();
    await waitFor(() => errors.length >= 2, 'two refusals');
    expect(rig.adapter.streamStatus('market-data').state).not.toBe('error');
    squatter.close();
    await waitFor(() => rig.adapter.streamStatus('market-data').state === 'connected', 'the connection once the slot is free');
    expect(new Set(errors)).toEqual(new Set([406]));
  });

  it('405 symbol limit leaves the connection up and reports the error', async () => {
    await connected();
    rig.emulator.dataStream.options.symbolLimit = 1;
    const errors: string[] = [];
    rig.adapter.marketData.onServerError((error) => errors.push(`${error.code} ${error.message}`));
    rig.adapter.marketData.subscribe({ trades: ['AAPL', 'MSFT'] }, {});
    await waitFor(() => errors.length === 1, 'the error');
    expect(errors).toEqual(['405 symbol limit exceeded']);
    expect(rig.adapter.streamStatus('market-data')).toMatchObject({ state: 'connected', connection: 1 });
  });
});

describe('backfill after a reconnect', () => {
  it('delivers exactly the bars missed while disconnected, once each, in order', async () => {
    await connected();
    const bars: FeedBar[] = [];
    rig.adapter.bars.watch('AAPL', (bar) => bars.push(bar));
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.bars?.includes('AAPL'), 'the subscription');
    const series = minuteBars(T0, 10, 100);
    rig.emulator.control.publishBars('AAPL', series.slice(0, 3));
    await waitFor(() => bars.length === 3, 'three live bars');

    // While the stream is down, bars 3..6 are published: they reach the history, not the client.
    let refusing = true;
    rig.emulator.dataStream.wss.on('connection', (ws) => {
      if (refusing) ws.terminate();
    });
    rig.emulator.control.data.dropConnections();
    await waitFor(() => rig.adapter.streamStatus('market-data').state === 'reconnecting', 'the drop');
    expect(rig.emulator.control.publishBars('AAPL', series.slice(3, 7))).toBe(0);
    const backfills: number[] = [];
    rig.adapter.bars.onBackfill((outcomes) => backfills.push(outcomes.reduce((n, o) => n + o.emitted, 0)));
    refusing = false;

    await waitFor(() => backfills.length === 1, 'the backfill');
    rig.emulator.control.publishBars('AAPL', series.slice(7, 10));
    await waitFor(() => bars.length === 10, 'ten bars');
    expect(bars.map((b) => (b.t - T0) / 60_000)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(bars.map((b) => b.source)).toEqual(['stream', 'stream', 'stream', 'backfill', 'backfill', 'backfill', 'backfill', 'stream', 'stream', 'stream']);
    expect(backfills).toEqual([4]);
    const request = rig.emulator.requests.find((r) => r.path === '/v2/stocks/AAPL/bars')!;
    expect(request.query).toMatchObject({ timeframe: '1Min', start: new Date(T0 + 2 * 60_000).toISOString(), feed: 'iex' });
  });

  it('holds live bars back while the backfill runs, and drops what it already delivered', async () => {
    await connected();
    const bars: FeedBar[] = [];
    const series = minuteBars(T0, 6, 100);
    rig.emulator.control.addBars('AAPL', series.slice(0, 4));
    // The owner stored bars up to minute 1: watching from there backfills minutes 2 and 3.
    const release = rig.emulator.control.rest.hold({ pathPrefix: '/v2/stocks/AAPL/bars' });
    rig.adapter.bars.watch('AAPL', (bar) => bars.push(bar), series[1]!.t);
    await waitFor(() => rig.adapter.marketData.confirmedSubscription.bars?.includes('AAPL'), 'the subscription');
    // Live bars for minutes 3 (a repeat of a backfilled one), 4 and 5 arrive during the backfill.
    rig.emulator.control.publish([3, 4, 5].map((i) => ({ T: 'b' as const, S: 'AAPL', ...series[i]! })));
    await waitFor(() => rig.adapter.marketData.messageStats.messages === 3, 'the live bars at the client');
    expect(bars).toEqual([]);
    release();
    await waitFor(() => bars.length === 4, 'four bars');
    expect(bars.map((b) => `${(b.t - T0) / 60_000} ${b.source}`)).toEqual(['2 backfill', '3 backfill', '4 stream', '5 stream']);
    expect(rig.adapter.bars.stats.duplicatesDropped).toBe(1);
  });
});
