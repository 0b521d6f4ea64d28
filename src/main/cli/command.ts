import type { Db } from '../storage/database';
import type { Logger } from '../log';
import type { OptionSpecs, ParsedArgs } from './args';

/** A result the CLI prints: JSON on stdout with --json, readable text otherwise. */
export interface CliContext {
  readonly args: ParsedArgs;
  readonly json: boolean;
  readonly dataDir: string;
  readonly log: Logger;
  /** Opens the database in the data folder on first use (migrations applied). */
  db(): Db;
  /** Writes the command's result: JSON (one document) with --json, else `text(result)`. */
  output(result: unknown, text?: (result: unknown) => string): void;
  /** A progress bar on stderr (silent when stderr is not a terminal and --json is set). */
  progress(label: string): Progress;
}

export interface Progress {
  update(done: number, total: number): void;
  done(): void;
}

export interface CliCommand {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  readonly options: OptionSpecs;
  /** Returns the exit code (0 success, 2 bad input, 3 rejected). */
  run(ctx: CliContext): Promise<number> | number;
}

/** Refused by a rule (risk manager, broker): exit code 3, the same JSON as a success. */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_REJECTED = 3;

/** Options every command accepts. */
export const COMMON_OPTIONS: OptionSpecs = {
  'data-dir': { type: 'string', description: 'folder of the database (default: the user data folder, or $SEXTANT_DATA_DIR)' },
  json: { type: 'boolean', description: 'machine-readable output on stdout' },
  help: { type: 'boolean', description: 'show this help' },
};
