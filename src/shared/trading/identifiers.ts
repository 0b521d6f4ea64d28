import { z } from 'zod';

/**
 * Names that arrive from outside (a YAML file, the signal endpoint) and end up in the database,
 * in client order ids' tags and in log lines: kept to a plain alphabet so none of them can smuggle
 * a newline, a quote or a path into those places.
 */
export const STRATEGY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;

export const StrategyIdSchema = z.string().regex(STRATEGY_ID_PATTERN, 'an id of 1 to 64 letters, digits, "_", ".", ":" or "-", starting with a letter or digit');

/** Tickers as brokers write them: `AAPL`, `BRK.B`, `BTC/USD`, `ES-2026M`. Upper case. */
export const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9./-]{0,23}$/;

/** Accepts any case and surrounding spaces, answers the upper-case symbol. */
export const SymbolSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toUpperCase() : value),
  z.string().regex(SYMBOL_PATTERN, 'a ticker such as AAPL, BRK.B or BTC/USD (letters, digits, ".", "/" or "-", at most 24)'),
);
