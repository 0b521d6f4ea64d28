/** IPC handlers of the trading service (contract: src/shared/ipc/services/trading.ts). */
import { InputError } from '../../shared/errors';
import { IpcError } from '../../shared/ipc/errors';
import { parseSignal } from '../../shared/trading/signal-wire';
import type { CallContext, Handlers } from '../ipc/router';
import type { TradingRuntime } from '../trading/runtime';
import type { SignalStore } from '../storage/signal-store';
import { SignalIntake } from '../trading/signal-intake';
import type { TradingService } from '../trading/trading-service';
import { fillView, orderView, riskView } from '../trading/views';
import type { ServiceContext } from './context';

type TradingRequest = Exclude<Extract<keyof Handlers, `trading.${string}`>, `trading.config.${string}` | `trading.mode.${string}`> | 'market.watch';

function serviceOf(runtime: TradingRuntime): TradingService {
  const built = runtime.current;
  if (!built) throw new IpcError('unavailable', 'Trading is not running: it failed to start (see the log) or is switching brokers.');
  return built.service;
}

/** Who pulled a lever, for the state history: the window's host and connection. */
function actorOf(call: CallContext): string {
  return `user (${call.host} ${call.connectionId})`;
}

async function answering<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof InputError) throw new IpcError('invalid_payload', error.message);
    throw error;
  }
}

export function tradingHandlers(ctx: ServiceContext, runtime: TradingRuntime, signals: SignalStore): Pick<Handlers, TradingRequest> {
  const service = (): TradingService => serviceOf(runtime);
  return {
    'trading.account': () => service().accountView(),
    'trading.positions': () => service().positions(),
    'trading.orders': (input) => answering(() => {
      const page = service().queries.orders({ scope: input.scope, symbol: input.symbol, limit: input.limit, cursor: input.cursor });
      return { items: page.items.map(orderView), nextCursor: page.nextCursor };
    }),
    'trading.fills': (input) => answering(() => {
      const page = service().queries.fills({ symbol: input.symbol, limit: input.limit, cursor: input.cursor });
      return { items: page.items.map(fillView), nextCursor: page.nextCursor };
    }),
    'trading.orderRisk': ({ clientOrderId }) => riskView(service().queries.riskDecision(clientOrderId)),
    'trading.previewOrder': async ({ ticket }) => {
      // A price missing or stale (Alpaca) is asked for first, so the preview shows the market's.
      const trading = service();
      await trading.ensurePrice(ticket.symbol);
      return trading.previewOrder(ticket);
    },
    'trading.submitOrder': ({ ticket }) => service().submitOrder(ticket, { source: 'ticket' }),
    'trading.submitSignal': async ({ signal, wait, timeoutMs }) => {
      const parsed = parseSignal(signal);
      if (!parsed.ok) throw new IpcError('invalid_payload', parsed.message, parsed.problems);
      const trading = service();
      // The intake stores the signal and its outcome; this one waits as the ticket asked.
      const waiting = new SignalIntake({ store: signals, handler: (s, source) => trading.submitSignal(s, source, { wait, timeoutMs }), log: ctx.log });
      const { signalId, outcome } = await waiting.submit(parsed.signal, 'ticket');
      return { ...outcome, signal_id: signalId };
    },
    'trading.cancelOrder': ({ clientOrderId }) => service().cancel(clientOrderId),
    'trading.cancelAll': () => ({ requested: service().cancelAll('cancel all (user)') }),
    'trading.replaceOrder': ({ clientOrderId, ...changes }) => {
      const result = service().replace(clientOrderId, changes);
      return { ok: result.ok, reason: result.reason, replacement: result.replacement ? orderView(result.replacement) : null, risk: riskView(result.decision) };
    },
    'trading.closePosition': ({ symbol, qty }) => service().closePosition(symbol, qty),
    'trading.closeAll': () => service().closeAll(),
    'trading.killSwitch': ({ reason }, call) => service().killSwitch(actorOf(call), reason ?? 'kill switch'),
    'trading.resetHalt': ({ reason }, call) => service().resetHalt(actorOf(call), reason ?? 'manual reset'),
    'trading.reduceOnly': ({ reason }, call) => service().reduceOnly(actorOf(call), reason ?? 'reduce only'),
    'trading.state': () => service().state(),
    'trading.stateHistory': ({ limit }) => service().records.stateChanges(limit),
    'trading.connection': () => service().connections(),
    'trading.reconcile': () => service().reconcile('requested from the UI'),
    'trading.replay.start': (input) => answering(() => {
      const status = runtime.replayStart(input);
      service().publishState();
      return status;
    }),
    'trading.paper.reset': ({ initialCash }, call) => answering(async () => {
      ctx.log.warn('trading', `paper account reset asked by ${actorOf(call)}`);
      return runtime.resetPaper(initialCash);
    }),
    'trading.replay.stop': () => runtime.replayStop(),
    'trading.replay.status': () => runtime.replayStatus(),
    'market.watch': ({ symbols }, call) => runtime.watch(call.connectionId, symbols),
  };
}
