import { afterEach, describe, expect, it } from 'vitest';
import { dailyCloseBars, openTestDb, startService, storeBars, waitFor, type TestService } from './helpers';

let running: TestService[] = [];

afterEach(async () => {
  for (const s of running) await s.service.close();
  running = [];
});

async function paper(closes = [100, 101, 102]) {
  const { db } = openTestDb();
  storeBars(db, 'SPY', dailyCloseBars(closes));
  const s = await startService(db, { kind: 'paper' });
  running.push(s);
  return s;
}

describe('trading service on the offline paper broker', () => {
  it('starts reconciled and fills a market order at the last stored close', async () => {
    const s = await paper();
    expect(s.service.ready).toBe(true);
    const result = await s.service.submitOrder({ symbol: 'SPY', side: 'buy', type: 'market', qty: 10, timeInForce: 'day', extendedHours: false }, { wait: 'fill' });
    expect(result.status).toBe('filled');
    expect(result.orders[0]).toMatchObject({ filledQty: 10, avgFillPrice: 102 });
    expect(s.service.book.positionQty('SPY')).toBe(10);
    expect(s.service.accountView()).toMatchObject({ cash: 100_000 - 1020, equity: 100_000 });
    await waitFor(() => s.events.of('trading.fills').length === 1, 'the fill event');
  });
});
