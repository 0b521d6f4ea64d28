import { InputError } from '../../../shared/errors';
import type { SignalOutcome } from '../../../shared/ipc/services/trading';
import { signalFromWire, signalProblems, SignalWireSchema } from '../../../shared/trading/signal-wire';
import { buildTradingService, type BrokerSpec } from '../../trading/runtime';
import { StoredMarket } from '../../trading/stored-market';
import { numberOption, stringOption } from '../args';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED, type CliCommand, type CliContext } from '../command';

/** The CLI's answer, in the snake_case. */
export interface SignalReport {
  readonly status: SignalOutcome['status'];
  readonly broker: string;
  readonly client_order_id: string | null;
  readonly broker_order_id: string | null;
  /** Null when no order was decided on (HOLD, nothing to do, a disabled strategy). */
  readonly risk: { readonly approved: boolean; readonly rules: ReadonlyArray<{ rule: string; passed: boolean; detail: string }> } | null;
  readonly sized_qty: number | null;
  readonly filled_qty: number;
  readonly filled_avg_price: number | null;
  readonly latency_ms: { readonly risk: number; readonly submit: number; readonly total: number };
  readonly note?: string;
  readonly error?: string;
}

const REJECTED: ReadonlySet<SignalOutcome['status']> = new Set(['rejected_by_risk', 'rejected_by_broker']);

function readSignal(text: string | undefined) {
  if (text === undefined) throw new InputError(`give the signal as JSON: sextant ${signalCommand.usage}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the signal is not JSON: ${(error as Error).message}`);
  }
  const parsed = SignalWireSchema.safeParse(json);
  if (!parsed.success) throw new InputError(`the signal is not valid: ${signalProblems(parsed.error).join('; ')}`);
  return signalFromWire(parsed.data);
}

function brokerSpec(name: string | undefined): BrokerSpec {
  switch (name ?? 'paper') {
    case 'paper':
      return { kind: 'paper' };
    case 'alpaca':
      // Alpaca's paper account; live trading is switched on (and confirmed) in the app, never from a script.
      return { kind: 'alpaca', mode: 'paper', env: process.env, liveBars: false };
    default:
      throw new InputError(`--broker must be paper or alpaca, not "${name}"`);
  }
}

function paperNote(ctx: CliContext, symbol: string): string {
  const bar = new StoredMarket(ctx.db()).lastBar(symbol);
  if (!bar) return `paper: no stored bars of ${symbol}, so the simulated broker has no price; the order waits for a replayed or live bar`;
  return `paper: simulated broker (the backtester's fill model) filling against the last stored bar of ${symbol} (${bar.timeframe} bar of ${new Date(bar.t).toISOString()}, close ${bar.c}, dataset ${bar.dataset})`;
}

function text(report: SignalReport): string {
  const lines = [`${report.status}  ${report.client_order_id ?? '-'}  (broker ${report.broker}, order ${report.broker_order_id ?? '-'})`];
  if (report.filled_qty > 0) lines.push(`filled ${report.filled_qty} at ${report.filled_avg_price}`);
  if (report.risk) for (const rule of report.risk.rules) lines.push(`  ${rule.passed ? 'pass' : 'FAIL'}  ${rule.rule}: ${rule.detail}`);
  if (report.error) lines.push(`error: ${report.error}`);
  if (report.note) lines.push(report.note);
  lines.push(`latency: risk ${report.latency_ms.risk} ms, submit ${report.latency_ms.submit} ms, total ${report.latency_ms.total} ms`);
  return lines.join('\n');
}

export const signalCommand: CliCommand = {
  name: 'signal',
  summary: 'Run a trading signal through sizing, risk and the order manager, submit it and print the outcome (exit 3 when refused)',
  usage: `signal --broker paper|alpaca [--wait-fill SECONDS] --json '{"symbol":"SPY","action":"BUY","confidence":0.8,"strategy_id":"cli","timestamp":1732000000000}'`,
  options: {
    broker: { type: 'string', description: 'paper (offline simulated broker, the default) or alpaca (Alpaca paper account: keys from APCA_API_KEY_ID / APCA_API_SECRET_KEY)' },
    'wait-fill': { type: 'number', description: 'wait up to SECONDS for the fill (default: wait for the broker to accept or refuse, up to 10 s)' },
  },
  async run(ctx) {
    if (ctx.args.positionals.length > 1) throw new InputError('give one signal (quote the JSON)');
    const signal = readSignal(ctx.args.positionals[0]);
    const spec = brokerSpec(stringOption(ctx.args, 'broker'));
    const waitFill = numberOption(ctx.args, 'wait-fill');
    if (waitFill !== undefined && !(waitFill > 0 && waitFill <= 600)) throw new InputError('--wait-fill takes seconds between 0 and 600');
    const built = await buildTradingService(spec, { db: ctx.db(), log: ctx.log, owner: 'cli' });
    const { service } = built;
    let outcome: SignalOutcome;
    try {
      await service.start();
      outcome = await service.submitSignal(signal, 'cli', waitFill !== undefined ? { wait: 'fill', timeoutMs: waitFill * 1000 } : { wait: 'ack', timeoutMs: 10_000 });
    } finally {
      await service.close();
    }
    const report: SignalReport = {
      status: outcome.status,
      broker: service.account,
      client_order_id: outcome.clientOrderId,
      broker_order_id: outcome.brokerOrderId,
      risk: outcome.risk ? { approved: outcome.risk.approved, rules: outcome.risk.rules } : null,
      sized_qty: outcome.sizedQty,
      filled_qty: outcome.filledQty,
      filled_avg_price: outcome.filledAvgPrice,
      latency_ms: outcome.latencyMs,
      ...(spec.kind === 'paper' ? { note: paperNote(ctx, signal.symbol) } : {}),
      ...(outcome.reason && outcome.status !== 'filled' && outcome.status !== 'accepted' && outcome.status !== 'submitted' ? { error: outcome.reason } : {}),
    };
    ctx.output(report, (r) => text(r as SignalReport));
    if (REJECTED.has(outcome.status)) return EXIT_REJECTED;
    if (outcome.status === 'invalid') return EXIT_BAD_INPUT;
    if (outcome.status === 'unavailable') return EXIT_FAILURE;
    return EXIT_OK;
  },
};
