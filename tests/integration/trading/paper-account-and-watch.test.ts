/**
 * Two things a window does besides trading: start the offline paper account afresh (with a
 * confirmation and the starting cash asked for), and watch symbols until it closes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSextant, type Sextant } from '../../../src/main/app';
import { createLogger } from '../../../src/main/log';
import { dailyCloseBars, storeBars, tempDir, waitFor } from './helpers';

let app: Sextant;
let dataDir: string;

async function call<T = any>(name: string, input: unknown = {}, connectionId = 'w1'): Promise<T> {
  const result = await app.router.dispatch(name, input, { host: 'test', connectionId });
  if (!result.ok) throw new Error(`${name}: ${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function start(): Promise<void> {
  app = await startSextant({ dataDir, host: 'test', log: createLogger({ write: () => {} }), validateOutputs: true, watchTradingConfig: false });
}

beforeEach(async () => {
  dataDir = tempDir('sx-paper-account-');
  await start();
  storeBars(app.context.db, 'QQQ', dailyCloseBars([400, 401, 402]));
});

afterEach(async () => {
  await app.close();
});

describe('resetting the paper account', () => {
  it('needs the confirmation, then trades on a new account with the cash asked for; the old one stays in the journal', async () => {
    const bought = await call('trading.submitOrder', { ticket: { symbol: 'QQQ', side: 'buy', type: 'market', qty: 10 } });
    expect(bought.status).toBe('submitted');
    await waitFor(() => app.trading.runtime.current!.service.book.positionQty('QQQ') === 10, 'the fill');
    expect(await call('trading.account')).toMatchObject({ account: 'paper', cash: 100_000 - 4020 });

    const unconfirmed = await app.router.dispatch('trading.paper.reset', { initialCash: 25_000 }, { host: 'test', connectionId: 'w1' });
    expect(unconfirmed.ok ? null : unconfirmed.error.code).toBe('invalid_payload');

    expect(await call('trading.paper.reset', { confirm: true, initialCash: 25_000 })).toEqual({ account: 'paper-2', previous: 'paper', initialCash: 25_000 });
    expect(await call('trading.account')).toMatchObject({ account: 'paper-2', cash: 25_000, equity: 25_000 });
    expect(await call('trading.positions')).toEqual([]);
    expect((await call('trading.orders', { scope: 'recent' })).items).toEqual([]);
    expect((await call('trading.state')).broker).toMatchObject({ id: 'paper-2', kind: 'paper' });
    // The first account's order and fill are still in the journal, under its id.
    const kept = app.context.db.prepare('SELECT account, COUNT(*) AS n FROM fills GROUP BY account').all();
    expect(kept).toEqual([{ account: 'paper', n: 1 }]);

    // The new account is the one trading comes back to.
    await app.close();
    await start();
    expect(await call('trading.account')).toMatchObject({ account: 'paper-2', cash: 25_000 });
    expect(await call('trading.paper.reset', { confirm: true })).toEqual({ account: 'paper-3', previous: 'paper-2', initialCash: 100_000 });
  });
});

describe('watch lists', () => {
  it("a window's watch list goes when the window closes; the others' stay", async () => {
    const first = app.context.hub.connect(() => {}, 'w1');
    app.context.hub.connect(() => {}, 'w2');
    await call('market.watch', { symbols: ['AAPL', 'MSFT'] }, 'w1');
    expect((await call('market.watch', { symbols: ['MSFT', 'QQQ'] }, 'w2')).watching).toEqual(['AAPL', 'MSFT', 'QQQ']);
    app.context.hub.disconnect(first);
    expect(app.trading.runtime.watch('probe', []).watching).toEqual(['MSFT', 'QQQ']);
  });
});
