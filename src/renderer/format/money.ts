/**
 * Money, prices, quantities and percentages as the trading surfaces show them (US dollars, the
 * account currency). Every function answers "—" for a value that is not known, never "NaN".
 */

const DASH = '—';

const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });

function known(value: number | null | undefined): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `$1,234.50`, `-$1,234.50`; with `signed`, `+$12.00` for a gain (P&L). */
export function formatMoney(value: number | null | undefined, options: { signed?: boolean } = {}): string {
  if (!known(value)) return DASH;
  // -0.004 rounds to "-$0.00": show it as zero.
  const rounded = Math.round(value * 100) / 100;
  const text = usd.format(Math.abs(rounded));
  if (rounded < 0) return `-${text}`;
  if (options.signed && rounded > 0) return `+${text}`;
  return text;
}

/** A price: cents at or above $1, four decimals below (sub-dollar stocks tick in $0.0001). */
export function formatPrice(value: number | null | undefined): string {
  if (!known(value)) return DASH;
  const digits = Math.abs(value) >= 1 || value === 0 ? 2 : 4;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A quantity: whole shares as integers with separators, fractions to at most 6 decimals. */
export function formatQty(value: number | null | undefined): string {
  if (!known(value)) return DASH;
  return value.toLocaleString('en-US', { maximumFractionDigits: 6 });
}

/** A percentage given in percent units (1.5 = 1.5 %), always signed: `+1.50%`, `-0.25%`. */
export function formatSignedPct(value: number | null | undefined, digits = 2): string {
  if (!known(value)) return DASH;
  const rounded = Number(value.toFixed(digits));
  const text = `${Math.abs(rounded).toFixed(digits)}%`;
  if (rounded < 0) return `-${text}`;
  if (rounded > 0) return `+${text}`;
  return text;
}

/** Which colour a gain or loss takes. */
export function pnlTone(value: number | null | undefined): 'up' | 'down' | 'flat' {
  if (!known(value) || Math.abs(value) < 0.005) return 'flat';
  return value > 0 ? 'up' : 'down';
}
