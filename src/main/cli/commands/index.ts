import type { CliCommand } from '../command';
import { backtestCommand } from './backtest';
import { barsCommand } from './bars';
import { benchCommand } from './bench';
import { datasetsCommand } from './datasets';
import { experimentsCommand } from './experiments';
import { importCommand } from './import';
import { montecarloCommand } from './montecarlo';
import { optimizeCommand } from './optimize';
import { regimeCommand } from './regime';
import { signalCommand } from './signal';
import { tradingConfigCommand } from './trading-config';
import { walkforwardCommand } from './walkforward';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [
  importCommand,
  datasetsCommand,
  barsCommand,
  backtestCommand,
  optimizeCommand,
  walkforwardCommand,
  montecarloCommand,
  experimentsCommand,
  regimeCommand,
  signalCommand,
  benchCommand,
  tradingConfigCommand,
];
