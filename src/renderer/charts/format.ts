import type { TimeKind } from '../../shared/domain/time-format';

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

function formatter(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = dateFormatters.get(key);
  if (!f) dateFormatters.set(key, (f = make()));
  return f;
}

/** A bar's time as a trader reads it: the date for daily bars, date and time in the data's zone intraday. */
export function formatBarLabel(t: number, kind: TimeKind, tz: string): string {
  if (kind === 'date') return new Date(t).toISOString().slice(0, 10);
  const f = formatter(`dt:${tz}`, () => new Intl.DateTimeFormat('en-CA', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
  return f.format(new Date(t)).replace(',', '');
}

/** Axis tick text: short, and only as precise as the span shown needs. */
export function formatAxisLabel(t: number, kind: TimeKind, tz: string, spanMs: number): string {
  if (kind === 'date') {
    const iso = new Date(t).toISOString();
    return spanMs > 3 * 365 * 86_400_000 ? iso.slice(0, 4) : spanMs > 90 * 86_400_000 ? iso.slice(0, 7) : iso.slice(5, 10);
  }
  if (spanMs > 3 * 86_400_000) {
    return formatter(`d:${tz}`, () => new Intl.DateTimeFormat('en-CA', { timeZone: tz, month: '2-digit', day: '2-digit' })).format(new Date(t));
  }
  return formatter(`t:${tz}`, () => new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })).format(new Date(t));
}

export function formatPrice(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  const digits = abs >= 1000 ? 2 : abs >= 1 ? 2 : 4;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatVolume(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e9) return (value / 1e9).toFixed(2) + 'B';
  if (abs >= 1e6) return (value / 1e6).toFixed(2) + 'M';
  if (abs >= 1e3) return (value / 1e3).toFixed(1) + 'K';
  return value.toFixed(0);
}

export function formatPercent(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return '—';
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(digits)}%`;
}
