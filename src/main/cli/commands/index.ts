import type { CliCommand } from '../command';
import { benchCommand } from './bench';
import { regimeCommand } from './regime';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [regimeCommand, benchCommand];
