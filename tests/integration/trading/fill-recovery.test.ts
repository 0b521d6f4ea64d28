/**
 * Fill recovery on Alpaca (the emulator) is exact: reconciliation recovers missed executions from
 * the account activities (FILL) with their own execution ids, so the stream's event for one of them
 * arriving afterwards is a duplicate; when the activities do not list an execution yet, the synthetic
 * fill that makes it up absorbs the late event too, also after a restart. Positions and cash are
 * checked to the cent against the emulator's account at every step.
 */
import { describe, expect, it } from 'vitest';
import { OrderTicketSchema } from '../../../src/shared/trading/order-ticket';
import { emulatorRig, waitFor, type TestService } from './helpers';

const rig = emulatorRig();

/** A working limit buy of 10 AAPL at 189 (below the price: it waits for the fills the test makes). */
async function workingOrder(s: TestService): Promise<{ id: string; alpacaId: string }> {
  const result = await s.service.submitOrder(OrderTicketSchema.parse({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: 189, qty: 10, timeInForce: 'gtc' }), { wait: 'ack' });
  expect(result.status).toBe('accepted');
  return { id: result.clientOrderId!, alpacaId: rig.emulator.control.orderByClientId(result.clientOrderId!)!.id };
}

function fills(id: string): Array<{ execution_id: string; qty: number; price: number; synthetic: number }> {
  return rig.db.prepare('SELECT execution_id, qty, price, synthetic FROM fills WHERE client_order_id = ? ORDER BY rowid').all(id) as never;
}

/** Refused fill events of an order (status repeats, such as `new` after the REST answer, left out). */
function refusals(id: string): Array<{ kind: string; detail: string }> {
  return rig.db.prepare("SELECT kind, detail FROM order_event_refusals WHERE client_order_id = ? AND detail LIKE 'execution %' ORDER BY rowid").all(id) as never;
}

function executionIds(alpacaId: string): string[] {
  return rig.emulator.book.activities.filter((a) => a.orderId === alpacaId).map((a) => a.executionId);
}

/** The book agrees with Alpaca's account to the cent: position and cash. */
function expectBookMatchesAlpaca(s: TestService, qty: number, cash: number): void {
  expect(s.service.book.positionQty('AAPL')).toBe(qty);
  expect(rig.emulator.account.positionQty('AAPL')).toBe(qty);
  expect(s.service.book.cash).toBeCloseTo(cash, 9);
  expect(rig.emulator.account.cash).toBeCloseTo(cash, 9);
}

describe('a partial fill whose stream event arrives after reconciliation recovered it', () => {
  it('is recovered from the activities with its execution id; the late event is a duplicate; the rest fills; nothing is counted twice', async () => {
    const s = await rig.start();
    const { id, alpacaId } = await workingOrder(s);
    rig.emulator.control.trading.delayNext(1);
    rig.emulator.control.fillOrder(alpacaId, 3, 188.75);
    const report = await s.service.reconcile('test: the stream is late');
    expect(report).toMatchObject({ ok: true, fillsRecovered: 1 });
    const [e1] = executionIds(alpacaId);
    expect(fills(id)).toEqual([{ execution_id: e1, qty: 3, price: 188.75, synthetic: 0 }]);
    expect(s.service.oms.order(id)).toMatchObject({ status: 'partially_filled', filledQty: 3 });
    expectBookMatchesAlpaca(s, 3, 100_000 - 3 * 188.75);

    // The stream's event for that execution arrives now: refused as a duplicate, nothing moves.
    expect(rig.emulator.control.trading.releaseDelayed()).toBe(1);
    await waitFor(() => refusals(id).length === 1, 'the late event refused');
    expect(refusals(id)).toEqual([{ kind: 'duplicate', detail: `execution ${e1} already applied` }]);
    expectBookMatchesAlpaca(s, 3, 100_000 - 566.25);

    rig.emulator.control.fillOrder(alpacaId, 7, 188.5);
    await waitFor(() => s.service.oms.order(id)?.status === 'filled', 'the rest of the fill');
    const [, e2] = executionIds(alpacaId);
    expect(fills(id)).toEqual([{ execution_id: e1, qty: 3, price: 188.75, synthetic: 0 }, { execution_id: e2, qty: 7, price: 188.5, synthetic: 0 }]);
    // (3 × 188.75 + 7 × 188.5) / 10 = 188.575
    expect(s.service.oms.order(id)!.avgFillPrice).toBeCloseTo(188.575, 12);
    expectBookMatchesAlpaca(s, 10, 100_000 - 566.25 - 1319.5);
    const again = await s.service.reconcile('test: all settled');
    expect(again).toMatchObject({ ok: true, fillsRecovered: 0, ordersUpdated: 0, positionDifferences: [] });
  });

  it('when the activities do not list it yet: one synthetic fill makes it up, and the late event is refused as within it', async () => {
    const s = await rig.start();
    const { id, alpacaId } = await workingOrder(s);
    rig.emulator.control.trading.delayNext(1);
    rig.emulator.control.fillOrder(alpacaId, 3, 188.75);
    rig.emulator.control.lagActivities(1);
    expect(await s.service.reconcile('test: activities lag')).toMatchObject({ ok: true, fillsRecovered: 1 });
    expect(fills(id)).toEqual([{ execution_id: `reconcile:${alpacaId}:3`, qty: 3, price: 188.75, synthetic: 1 }]);
    expectBookMatchesAlpaca(s, 3, 100_000 - 566.25);

    rig.emulator.control.trading.releaseDelayed();
    const [e1] = executionIds(alpacaId);
    await waitFor(() => refusals(id).length === 1, 'the late event refused');
    expect(refusals(id)).toEqual([{ kind: 'duplicate', detail: `execution ${e1} (filled 3 at the broker) is within the 3 reconciliation already made up` }]);
    expectBookMatchesAlpaca(s, 3, 100_000 - 566.25);

    rig.emulator.control.lagActivities(0);
    rig.emulator.control.fillOrder(alpacaId, 7, 188.5);
    await waitFor(() => s.service.oms.order(id)?.status === 'filled', 'the rest of the fill');
    expect(fills(id).map((f) => [f.qty, f.price, f.synthetic])).toEqual([[3, 188.75, 1], [7, 188.5, 0]]);
    expectBookMatchesAlpaca(s, 10, 100_000 - 566.25 - 1319.5);
  });

  it('after a restart, executions the activities now list within an earlier synthetic fill are not counted again; the ones after it are', async () => {
    const first = await rig.start();
    const { id, alpacaId } = await workingOrder(first);
    rig.emulator.control.trading.delayNext(1);
    rig.emulator.control.fillOrder(alpacaId, 3, 188.75);
    rig.emulator.control.lagActivities(1);
    await first.service.reconcile('test: activities lag');
    expect(fills(id)).toEqual([{ execution_id: `reconcile:${alpacaId}:3`, qty: 3, price: 188.75, synthetic: 1 }]);
    await first.service.close();

    // While Sextant is down: the activities catch up, and the order fills.
    rig.emulator.control.lagActivities(0);
    rig.emulator.control.fillOrder(alpacaId, 7, 188.5);
    const second = await rig.start();
    const [, e2] = executionIds(alpacaId);
    expect(second.service.oms.order(id)).toMatchObject({ status: 'filled', filledQty: 10 });
    expect(fills(id)).toEqual([{ execution_id: `reconcile:${alpacaId}:3`, qty: 3, price: 188.75, synthetic: 1 }, { execution_id: e2, qty: 7, price: 188.5, synthetic: 0 }]);
    expect(second.service.oms.order(id)!.avgFillPrice).toBeCloseTo(188.575, 12);
    expectBookMatchesAlpaca(second, 10, 100_000 - 566.25 - 1319.5);
  });
});
