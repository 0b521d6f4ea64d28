import type { CliCommand } from '../command';
import { tradingConfigCommand } from './trading-config';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [tradingConfigCommand];
