import type Database from 'better-sqlite3';
import { initial } from './001-initial';
import { tradingInputs } from './002-trading-inputs';
import { regime } from './003-regime';
import { tradingJournal } from './004-trading-journal';
import { experiments } from './005-experiments';

export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

/**
 * Every schema change, in order. Append a new numbered file; never edit one that has shipped.
 */
export const migrations: readonly Migration[] = [
  initial,
  tradingInputs,
  regime,
  tradingJournal,
  experiments,
];
