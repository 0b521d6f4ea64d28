import type { CliCommand } from '../command';

/**
 * Every CLI command. Each lives in its own file; add yours to this list.
 * Bench subcommands register in `bench.ts`.
 */
export const commands: CliCommand[] = [];
