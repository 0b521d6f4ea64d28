import type { CliCommand } from '../command';
import { backtestCommand } from './backtest';
import { barsCommand } from './bars';
import { benchCommand } from './bench';
import { datasetsCommand } from './datasets';
import { importCommand } from './import';
import { regimeCommand } from './regime';
import { signalCommand } from './signal';
import { tradingConfigCommand } from './trading-config';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [importCommand, datasetsCommand, barsCommand, backtestCommand, regimeCommand, signalCommand, benchCommand, tradingConfigCommand];
