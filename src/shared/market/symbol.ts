import { InputError } from '../errors';

/** What a ticker may contain: letters, digits and `. - / ^ = _`, at most 32 characters. */
export const SYMBOL_PATTERN = /^[A-Za-z0-9.\-/^=_]{1,32}$/;

/** The stored form of a symbol (upper case), or an InputError saying what is wrong. */
export function normalizeSymbol(text: string): string {
  const symbol = text.trim();
  if (!SYMBOL_PATTERN.test(symbol)) {
    throw new InputError(`"${text}" is not a symbol: use letters, digits and . - / ^ = _ only, at most 32 characters (for example SPY or BRK.B).`);
  }
  return symbol.toUpperCase();
}
