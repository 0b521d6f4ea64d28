/**
 * Number cells, read straight from the file's text without slicing a string per cell.
 *
 * The fast path reads up to 2^53 of mantissa and at most 22 decimals, then does one division by
 * an exact power of ten: a single correctly rounded operation on exact operands, so it yields the
 * very double `Number(text)` would. Anything else (exponents, grouping, more digits) takes the
 * slow path through `Number`.
 */
const POW10 = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;

const CODE_0 = 48;
const CODE_SPACE = 32;
const CODE_MINUS = 45;
const CODE_PLUS = 43;
const CODE_DOLLAR = 36;
export const CODE_DOT = 46;
export const CODE_COMMA = 44;

/** NaN when the cell is empty or not a number; see `isMissingCell` to tell the two apart. */
export function parseDecimal(text: string, start: number, end: number, decimalMark: number): number {
  while (start < end && text.charCodeAt(start) === CODE_SPACE) start++;
  while (end > start && text.charCodeAt(end - 1) === CODE_SPACE) end--;
  if (start === end) return Number.NaN;
  let i = start;
  let negative = false;
  let code = text.charCodeAt(i);
  if (code === CODE_MINUS) {
    negative = true;
    i++;
  } else if (code === CODE_PLUS) i++;
  if (i < end && text.charCodeAt(i) === CODE_DOLLAR) i++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let seenMark = false;
  for (; i < end; i++) {
    code = text.charCodeAt(i);
    const digit = code - CODE_0;
    if (digit >= 0 && digit <= 9) {
      mantissa = mantissa * 10 + digit;
      digits++;
      if (seenMark) decimals++;
    } else if (code === decimalMark && !seenMark) {
      seenMark = true;
    } else {
      return parseDecimalSlow(text.slice(start, end), decimalMark);
    }
  }
  if (digits === 0) return Number.NaN;
  if (mantissa >= MAX_EXACT || decimals > 22) return parseDecimalSlow(text.slice(start, end), decimalMark);
  const value = decimals === 0 ? mantissa : mantissa / POW10[decimals]!;
  return negative ? -value : value;
}

const PLAIN_NUMBER = /^[+-]?\$?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GROUPED_NUMBER = /^[+-]?\$?\d{1,3}(,\d{3})+(\.\d+)?$/;

function parseDecimalSlow(cell: string, decimalMark: number): number {
  let text = cell;
  if (decimalMark === CODE_COMMA) text = text.replace(/\./g, '').replace(',', '.');
  else if (GROUPED_NUMBER.test(text)) text = text.replace(/,/g, '');
  if (!PLAIN_NUMBER.test(text)) return Number.NaN;
  return Number(text.replace('$', ''));
}

const MISSING_MARKERS = new Set(['', '-', '--', 'null', 'nan', 'na', 'n/a', '#n/a', 'none', 'nil']);

/** Cells vendors write for "no value": empty, `-`, `null`, `NaN`, `N/A`, `None`… */
export function isMissingCell(text: string, start: number, end: number): boolean {
  if (end - start > 6) return false;
  return MISSING_MARKERS.has(text.slice(start, end).trim().toLowerCase());
}
