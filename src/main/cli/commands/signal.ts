import { InputError } from '../../../shared/errors';
import type { SignalOutcome } from '../../../shared/trading/signal-outcome';
import { parseSignal } from '../../../shared/trading/signal-wire';
import { RegimeStore } from '../../regime/store';
import { SignalStore } from '../../storage/signal-store';
import { latestRegime } from '../../trading/regime-view';
import { buildTradingService, type BrokerSpec } from '../../trading/runtime';
import { SignalIntake } from '../../trading/signal-intake';
import { StoredMarket } from '../../trading/stored-market';
import { readTradingConfigForCli } from '../../trading/config-for-cli';
import { numberOption, stringOption } from '../args';
import { EXIT_BAD_INPUT, EXIT_FAILURE, EXIT_OK, EXIT_REJECTED, type CliCommand, type CliContext } from '../command';

/** What `sextant signal` prints: the signal outcome (the endpoint's shape), and where it ran. */
export type SignalReport = SignalOutcome & {
  readonly broker: string;
  /** The row of the signals table this signal and its outcome were stored in. */
  readonly signal_id: number;
  readonly note?: string;
};

const REJECTED: ReadonlySet<SignalOutcome['status']> = new Set(['rejected_by_risk', 'rejected_by_broker']);

function readSignal(text: string | undefined) {
  if (text === undefined) throw new InputError(`give the signal as JSON: sextant ${signalCommand.usage}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`the signal is not JSON: ${(error as Error).message}`);
  }
  const parsed = parseSignal(json);
  if (!parsed.ok) throw new InputError(`the signal is not valid: ${parsed.message}`);
  return parsed.signal;
}

function brokerSpec(name: string | undefined): BrokerSpec {
  switch (name ?? 'paper') {
    case 'paper':
      return { kind: 'paper' };
    case 'alpaca':
      // Alpaca's paper account: live trading is entered (and confirmed) in the app, never from a script.
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
  const lines = [`${report.status}  ${report.client_order_id ?? '-'}  (broker ${report.broker}, order ${report.broker_order_id ?? '-'}, signal ${report.signal_id})`];
  if (report.filled_qty > 0) lines.push(`filled ${report.filled_qty} at ${report.filled_avg_price}`);
  if (report.risk) for (const rule of report.risk.rules) lines.push(`  ${rule.passed ? 'pass' : 'FAIL'}  ${rule.rule}: ${rule.detail}`);
  if (report.reason) lines.push(report.reason);
  if (report.error) lines.push(`error: ${report.error}`);
  if (report.note) lines.push(report.note);
  const { risk, submit, total } = report.latency_ms;
  lines.push(`latency: risk ${risk ?? '-'} ms, submit ${submit ?? '-'} ms, total ${total} ms`);
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
    const config = readTradingConfigForCli(ctx.dataDir, ctx.log);
    const regimes = new RegimeStore(ctx.db());
    const { service } = await buildTradingService(spec, {
      db: ctx.db(), log: ctx.log, owner: 'cli', limits: config.risk, strategies: config.strategies, regime: latestRegime((symbol) => regimes.currents(symbol)),
    });
    const wait = waitFill !== undefined ? { wait: 'fill' as const, timeoutMs: waitFill * 1000 } : { wait: 'ack' as const, timeoutMs: 10_000 };
    const intake = new SignalIntake({ store: new SignalStore(ctx.db()), handler: (s, source) => service.submitSignal(s, source, wait), log: ctx.log });
    let result: Awaited<ReturnType<SignalIntake['submit']>>;
    try {
      await service.start();
      result = await intake.submit(signal, 'cli');
    } finally {
      await service.close();
    }
    const { outcome, signalId } = result;
    const report: SignalReport = {
      ...outcome,
      broker: service.account,
      signal_id: signalId,
      ...(spec.kind === 'paper' ? { note: paperNote(ctx, signal.symbol) } : {}),
    };
    ctx.output(report, (r) => text(r as SignalReport));
    if (REJECTED.has(outcome.status)) return EXIT_REJECTED;
    if (outcome.status === 'rejected_invalid') return EXIT_BAD_INPUT;
    if (outcome.status === 'unavailable' || outcome.status === 'error') return EXIT_FAILURE;
    return EXIT_OK;
  },
};
