import type { CliCommand } from '../command';
import { barsCommand } from './bars';
import { benchCommand } from './bench';
import { datasetsCommand } from './datasets';
import { importCommand } from './import';
import { signalCommand } from './signal';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [importCommand, datasetsCommand, barsCommand, signalCommand, benchCommand];
