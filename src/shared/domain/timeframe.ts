/**
 * Bar sizes, spelled as Alpaca spells them: `1Min`, `5Min`, `15Min`, `1Hour`, `1Day`, `1Week`, `1Month`.
 */
export type TimeframeUnit = 'Min' | 'Hour' | 'Day' | 'Week' | 'Month';

export interface Timeframe {
  readonly amount: number;
  readonly unit: TimeframeUnit;
}

const TIMEFRAME_PATTERN = /^([1-9][0-9]{0,2})(Min|Hour|Day|Week|Month)$/;

/** Regular US equity session: 09:30–16:00 ET. */
export const SESSION_MINUTES = 390;
export const TRADING_DAYS_PER_YEAR = 252;

export function parseTimeframe(text: string): Timeframe | null {
  const match = TIMEFRAME_PATTERN.exec(text);
  if (!match) return null;
  return { amount: Number(match[1]), unit: match[2] as TimeframeUnit };
}

export function isTimeframe(text: string): boolean {
  return parseTimeframe(text) !== null;
}

export function formatTimeframe(tf: Timeframe): string {
  return `${tf.amount}${tf.unit}`;
}

/** True for bars of a day or longer, whose time is a calendar date rather than an instant. */
export function isDailyOrLonger(tf: Timeframe): boolean {
  return tf.unit === 'Day' || tf.unit === 'Week' || tf.unit === 'Month';
}

/** Nominal length of one bar in milliseconds (a month counts as 30 days). */
export function timeframeMs(tf: Timeframe): number {
  const minute = 60_000;
  switch (tf.unit) {
    case 'Min': return tf.amount * minute;
    case 'Hour': return tf.amount * 60 * minute;
    case 'Day': return tf.amount * 1440 * minute;
    case 'Week': return tf.amount * 7 * 1440 * minute;
    case 'Month': return tf.amount * 30 * 1440 * minute;
  }
}

/**
 * Bars in one trading year: 252 per year for daily bars, 252 × bars-per-session intraday
 * (a regular session is 390 minutes).
 */
export function barsPerYear(tf: Timeframe): number {
  switch (tf.unit) {
    case 'Min': return TRADING_DAYS_PER_YEAR * (SESSION_MINUTES / tf.amount);
    case 'Hour': return TRADING_DAYS_PER_YEAR * (SESSION_MINUTES / (60 * tf.amount));
    case 'Day': return TRADING_DAYS_PER_YEAR / tf.amount;
    case 'Week': return 52 / tf.amount;
    case 'Month': return 12 / tf.amount;
  }
}
