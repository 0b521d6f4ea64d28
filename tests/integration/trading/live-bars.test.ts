/**
 * Live bars of larger sizes on Alpaca (the emulator): the stream's minutes and the REST backfill go
 * through the aggregator into one dataset per size (source `alpaca`, no duplicates, `dataset.changed`
 * appended), on to the strategy host (live bars traded, backfilled ones fed to indicators only) and
 * the regime service; a quiet symbol's bar is closed by the timer, a late minute is ignored and
 * logged, a restart builds nothing twice, and a stored live daily dataset keeps growing (a half day).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Bus } from '../../../src/main/bus';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { RegimeService } from '../../../src/main/regime/service';
import { RegimeStore } from '../../../src/main/regime/store';
import type { ServiceContext } from '../../../src/main/services/context';
import type { Db } from '../../../src/main/storage/database';
import { LayoutStore } from '../../../src/main/storage/layouts';
import { SettingsStore } from '../../../src/main/storage/settings';
import { TradingRuntime } from '../../../src/main/trading/runtime';
import { TradingConfigSchema } from '../../../src/shared/trading/trading-config';
import { OrderTicketSchema } from '../../../src/shared/trading/order-ticket';
import { startAlpacaEmulator, type AlpacaEmulator, type EmulatorBar } from '../../support/alpaca-emulator';
import { captureLog, emulatorSpec, EventRecorder, openTestDb, startService, TEST_LIMITS, untilStartupBackfill, waitFor, type TestService } from './helpers';

const utc = (iso: string): number => Date.parse(`${iso}Z`);

/** Minutes from `iso` (UTC) on, one per close: o = c − 0.25, h = c + 0.5, l = c − 0.75, v = 100 × (i + 1). */
function minutes(iso: string, closes: readonly number[]): EmulatorBar[] {
  const start = utc(iso);
  return closes.map((c, i) => ({ t: start + i * 60_000, o: c - 0.25, h: c + 0.5, l: c - 0.75, c, v: 100 * (i + 1), n: 10, vw: c }));
}

function rowsOf(db: Db, symbol: string, timeframe: string): Array<{ t: number; o: number; h: number; l: number; c: number; v: number }> {
  const dataset = db.prepare("SELECT id FROM datasets WHERE symbol = ? AND timeframe = ? AND source = 'alpaca'").pluck(true).get(symbol, timeframe) as number | undefined;
  return dataset === undefined ? [] : (db.prepare('SELECT t, o, h, l, c, v FROM bars WHERE dataset_id = ? ORDER BY t').all(dataset) as never);
}

function signals(db: Db): Array<{ action: string; t: number }> {
  return (db.prepare("SELECT action, payload FROM signals WHERE source = 'strategy' ORDER BY id").all() as Array<{ action: string; payload: string }>).map((row) => ({
    action: row.action,
    t: (JSON.parse(row.payload) as { timestamp: number }).timestamp,
  }));
}

let emulator: AlpacaEmulator | null = null;
const closers: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await emulator?.close();
  emulator = null;
});

describe('5-minute bars built live from Alpaca minutes (2026-01-05, EST: the session is 14:30–21:00 UTC)', () => {
  it('stores, announces, trades the live bar, closes a quiet bar on the timer, ignores a late minute, backfills without trading and builds nothing twice after a restart', async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('AAPL', 110);
    const { db, dir } = openTestDb();
    const bus = new Bus();
    const hub = new EventHub();
    const changes: Array<{ dataset: number; change: string }> = [];
    bus.on('dataset.changed', (change) => changes.push(change));
    const log = captureLog();
    const context: ServiceContext = {
      host: 'test', version: 'test', startedAt: 0, dataDir: dir, db, log: log.logger, hub, bus, settings: new SettingsStore(db), layouts: new LayoutStore(db),
    };
    const regime = new RegimeService(context, { poolSize: 1 });
    await regime.start();
    closers.push(() => regime.stop());

    // The morning so far, at Alpaca: three 5-minute buckets falling (closes 100, 99, 98).
    emulator.control.addBars('AAPL', [...minutes('2026-01-05T14:30:00', [101, 100.5, 100.2, 100.1, 100]), ...minutes('2026-01-05T14:35:00', [99.5, 99.4, 99.3, 99.2, 99]), ...minutes('2026-01-05T14:40:00', [98.6, 98.5, 98.4, 98.2, 98])]);
    let now = utc('2026-01-05T14:45:05');
    const settings = TradingConfigSchema.parse({ strategies: { 'aapl-5m': { strategy: 'sma-cross', symbols: ['AAPL'], timeframe: '5Min', parameters: { fast: 2, slow: 3 }, sizing: 'fixed:5' } } });
    const start = async (events: EventRecorder): Promise<TradingRuntime> => {
      const runtime = new TradingRuntime({ db, log: log.logger, publisher: events, announce: { hub, bus, log: log.logger }, owner: 'test', limits: TEST_LIMITS, strategies: settings.strategies });
      await runtime.start(emulatorSpec(emulator!, { barClock: () => now, bars: { graceMs: 20_000, lateAfterMs: 60_000, flushIntervalMs: 20 } }));
      return runtime;
    };
    let events = new EventRecorder();
    let runtime = await start(events);
    closers.push(() => runtime.close());
    const alpaca = runtime.current!.alpaca!;
    await untilStartupBackfill(emulator, alpaca, 'AAPL');
    await runtime.strategiesIdle();
    const sized = () => events.of('market.bars').filter((b) => b.timeframe === '5Min');

    // The start-up backfill built the morning's bars: stored, fed to the indicators, not traded.
    expect(rowsOf(db, 'AAPL', '5Min').map((r) => [r.t, r.c])).toEqual([[utc('2026-01-05T14:30:00'), 100], [utc('2026-01-05T14:35:00'), 99], [utc('2026-01-05T14:40:00'), 98]]);
    expect(rowsOf(db, 'AAPL', '5Min')[0]).toEqual({ t: utc('2026-01-05T14:30:00'), o: 100.75, h: 101.5, l: 99.25, c: 100, v: 1500 });
    expect(sized().map((b) => b.source)).toEqual(['backfill', 'backfill', 'backfill']);
    expect(runtime.strategiesStatus()[0]).toMatchObject({ state: 'running', barsProcessed: 3, lastBar: { t: utc('2026-01-05T14:40:00'), source: 'backfill' } });
    expect(signals(db)).toEqual([]);
    const fiveMin = db.prepare("SELECT id, time_kind AS kind, tz FROM datasets WHERE symbol = 'AAPL' AND timeframe = '5Min'").get() as { id: number; kind: string; tz: string };
    expect(fiveMin).toMatchObject({ kind: 'datetime', tz: 'America/New_York' });
    await waitFor(() => changes.some((c) => c.dataset === fiveMin.id && c.change === 'appended'), 'dataset.changed appended for the 5Min dataset');
    expect(changes.some((c) => c.dataset === fiveMin.id && c.change === 'added')).toBe(true);

    // Live: the 14:45 bucket rises to 110 and is closed by its last minute; fast 104 > slow 102.33: a cross, bought.
    now = utc('2026-01-05T14:50:02');
    emulator.control.publishBars('AAPL', minutes('2026-01-05T14:45:00', [105, 107, 104, 109, 110]));
    await waitFor(() => rowsOf(db, 'AAPL', '5Min').length === 4, 'the live 14:45 bar');
    expect(rowsOf(db, 'AAPL', '5Min')[3]).toEqual({ t: utc('2026-01-05T14:45:00'), o: 104.75, h: 110.5, l: 103.25, c: 110, v: 1500 });
    await waitFor(() => signals(db).length === 1, 'the strategy signal');
    await runtime.strategiesIdle();
    expect(signals(db)).toEqual([{ action: 'BUY', t: utc('2026-01-05T14:45:00') }]);
    await waitFor(() => runtime.current!.service.book.positionQty('AAPL') === 5, 'the fill');

    // A quiet end of bucket: minutes 14:50–14:52 only; the timer closes the bucket at 14:55:20, live.
    now = utc('2026-01-05T14:53:00');
    emulator.control.publishBars('AAPL', minutes('2026-01-05T14:50:00', [110.5, 111, 111]));
    await waitFor(() => events.of('market.bars').some((b) => b.timeframe === '1Min' && b.t === utc('2026-01-05T14:52:00')), 'the three minutes');
    expect(rowsOf(db, 'AAPL', '5Min')).toHaveLength(4);
    now = utc('2026-01-05T14:55:25');
    await waitFor(() => rowsOf(db, 'AAPL', '5Min').length === 5, 'the 14:50 bar closed by the timer');
    expect(rowsOf(db, 'AAPL', '5Min')[4]).toEqual({ t: utc('2026-01-05T14:50:00'), o: 110.25, h: 111.5, l: 109.75, c: 111, v: 600 });
    expect(sized().at(-1)).toMatchObject({ t: utc('2026-01-05T14:50:00'), source: 'live' });

    // The 14:53 minute turns up after its bar was closed: stored as a minute, ignored for 5Min, logged.
    emulator.control.publishBars('AAPL', minutes('2026-01-05T14:53:00', [120]));
    await waitFor(() => /the live minute of 2026-01-05T14:53:00.000Z came after its 5Min bar was closed; ignored/.test(log.text()), 'the late minute logged');
    expect(rowsOf(db, 'AAPL', '5Min')).toHaveLength(5);
    expect(rowsOf(db, 'AAPL', '5Min')[4]!.c).toBe(111);

    // The data stream drops; the 14:55 bucket (falling to 90) comes back by REST after the reconnect:
    // stored and fed to the indicators as backfill; the cross down it makes is not traded.
    now = utc('2026-01-05T15:00:10');
    emulator.control.data.dropConnections();
    emulator.control.addBars('AAPL', minutes('2026-01-05T14:55:00', [100, 96, 94, 92, 90]));
    await waitFor(() => rowsOf(db, 'AAPL', '5Min').length === 6, 'the backfilled 14:55 bar', 8_000);
    expect(sized().at(-1)).toMatchObject({ t: utc('2026-01-05T14:55:00'), c: 90, source: 'backfill' });
    await waitFor(() => runtime.strategiesStatus()[0]!.barsProcessed === 6, 'the backfilled bar processed');
    await runtime.strategiesIdle();
    expect(runtime.strategiesStatus()[0]!.lastBar).toMatchObject({ t: utc('2026-01-05T14:55:00'), source: 'backfill' });
    expect(signals(db)).toHaveLength(1);

    // The regime service ran on the new dataset.
    await waitFor(() => new RegimeStore(db).atOrBefore(fiveMin.id, utc('2026-01-05T14:55:00'))?.t === utc('2026-01-05T14:55:00'), 'the regime of the last 5Min bar', 15_000);

    // A restart refetches the day's minutes: nothing is stored or handed on twice.
    const minuteRows = rowsOf(db, 'AAPL', '1Min').length;
    await runtime.close();
    events = new EventRecorder();
    runtime = await start(events);
    await untilStartupBackfill(emulator, runtime.current!.alpaca!, 'AAPL');
    await runtime.strategiesIdle();
    expect(rowsOf(db, 'AAPL', '5Min')).toHaveLength(6);
    expect(rowsOf(db, 'AAPL', '1Min')).toHaveLength(minuteRows);
    expect(events.of('market.bars')).toEqual([]);
    expect(runtime.strategiesStatus()[0]).toMatchObject({ state: 'waiting', warmup: { bars: 6 } });
  });
});

describe('a stored live daily dataset keeps growing while its symbol is followed', () => {
  let s: TestService | null = null;
  afterEach(async () => {
    await s?.service.close();
    s = null;
  });

  it('the half day after Thanksgiving (2025-11-28, close 13:00 ET): one 1Day bar at 00:00 UTC of the date from the session minutes only', async () => {
    emulator = await startAlpacaEmulator();
    emulator.control.setPrice('MSFT', 400);
    const { db } = openTestDb();
    // A chart's live daily dataset from an earlier session.
    const id = Number(db.prepare("INSERT INTO datasets (symbol, timeframe, source, time_kind, tz, rows, first_t, last_t, created_at, meta) VALUES ('MSFT', '1Day', 'alpaca', 'date', 'UTC', 1, ?, ?, 0, '{}')").run(utc('2025-11-26T00:00:00'), utc('2025-11-26T00:00:00')).lastInsertRowid);
    db.prepare('INSERT INTO bars (dataset_id, t, o, h, l, c, v) VALUES (?, ?, 398, 401, 397, 399, 1000)').run(id, utc('2025-11-26T00:00:00'));
    // Pre-market (08:00 ET), the session (09:30–12:59 ET) and after the close (13:00 ET).
    emulator.control.addBars('MSFT', [
      ...minutes('2025-11-28T13:00:00', [390]),
      ...minutes('2025-11-28T14:30:00', [401, 402]),
      ...minutes('2025-11-28T16:00:00', [410]),
      ...minutes('2025-11-28T17:58:00', [395, 396]),
      ...minutes('2025-11-28T18:00:00', [380]),
    ]);
    s = await startService(db, emulatorSpec(emulator, { barClock: () => utc('2025-11-28T18:30:00'), bars: { flushIntervalMs: 20 } }));
    // A working order makes the service follow MSFT.
    const placed = await s.service.submitOrder(OrderTicketSchema.parse({ symbol: 'MSFT', side: 'buy', type: 'limit', qty: 1, limitPrice: 390, timeInForce: 'gtc' }), { wait: 'ack' });
    expect(placed.status).toBe('accepted');
    await waitFor(() => rowsOf(db, 'MSFT', '1Day').length === 2, 'the daily bar of 2025-11-28');
    expect(rowsOf(db, 'MSFT', '1Day')[1]).toEqual({ t: utc('2025-11-28T00:00:00'), o: 400.75, h: 410.5, l: 394.25, c: 396, v: 100 + 200 + 100 + 100 + 200 });
    expect(rowsOf(db, 'MSFT', '1Min')).toHaveLength(7);
    expect(s.events.of('market.bars').filter((b) => b.timeframe === '1Day')).toEqual([
      { symbol: 'MSFT', timeframe: '1Day', t: utc('2025-11-28T00:00:00'), o: 400.75, h: 410.5, l: 394.25, c: 396, v: 700, source: 'backfill' },
    ]);
  });
});
