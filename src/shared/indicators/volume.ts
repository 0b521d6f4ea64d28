import { zoneOffsetMinutes } from '../domain/time-format';
import { requireSameLength, type Indicator } from './series';

/**
 * On-balance volume: starts at 0 on the first bar (it has no previous close, so no direction),
 * then adds the bar's volume when the close rises, subtracts it when it falls, and leaves it
 * unchanged when the close is equal. (TA-Lib starts at the first bar's volume instead; only the
 * constant offset differs.) A bar with a non-finite close or volume is skipped.
 */
export class Obv implements Indicator {
  value = NaN;
  private previousClose = NaN;

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  update(close: number, volume: number): number {
    if (!Number.isFinite(close) || !Number.isFinite(volume)) return this.value;
    const previous = this.previousClose;
    this.previousClose = close;
    if (Number.isNaN(previous)) this.value = 0;
    else if (close > previous) this.value += volume;
    else if (close < previous) this.value -= volume;
    return this.value;
  }

  reset(): void {
    this.previousClose = NaN;
    this.value = NaN;
  }
}

/**
 * Volume-weighted average price: Σ(typical price · volume) / Σ volume with typical price
 * (high + low + close)/3, cumulative since the start or since the session key last changed
 * (pass e.g. the trading date from `sessionDayKeys` to restart every session; pass nothing for one
 * cumulative VWAP). NaN until some volume has traded. A bar with a non-finite field is skipped.
 */
export class Vwap implements Indicator {
  value = NaN;
  private session = NaN;
  private priceVolume = 0;
  private volume = 0;

  get ready(): boolean {
    return !Number.isNaN(this.value);
  }

  update(high: number, low: number, close: number, volume: number, sessionKey = 0): number {
    if (!Number.isFinite(high) || !Number.isFinite(low) || !Number.isFinite(close) || !Number.isFinite(volume)) return this.value;
    if (sessionKey !== this.session) {
      this.session = sessionKey;
      this.priceVolume = 0;
      this.volume = 0;
      this.value = NaN;
    }
    this.priceVolume += ((high + low + close) / 3) * volume;
    this.volume += volume;
    if (this.volume > 0) this.value = this.priceVolume / this.volume;
    return this.value;
  }

  reset(): void {
    this.session = NaN;
    this.priceVolume = 0;
    this.volume = 0;
    this.value = NaN;
  }
}

const DAY_MS = 86_400_000;

/**
 * Session keys for `Vwap`: the local calendar day of each bar time in `timeZone`, as a day number
 * (days since 1970-01-01 on the local calendar). The zone offset is looked up once per UTC day
 * (at the first bar of that UTC day), which is exact for trading sessions: offsets change at
 * 02:00 local on a weekend.
 */
export function sessionDayKeys(t: Float64Array, timeZone = 'UTC'): Float64Array {
  const keys = new Float64Array(t.length);
  let utcDay = NaN;
  let offsetMs = 0;
  for (let i = 0; i < t.length; i++) {
    const time = t[i]!;
    const day = Math.floor(time / DAY_MS);
    if (day !== utcDay) {
      utcDay = day;
      offsetMs = timeZone === 'UTC' ? 0 : zoneOffsetMinutes(time, timeZone) * 60_000;
    }
    keys[i] = Math.floor((time + offsetMs) / DAY_MS);
  }
  return keys;
}

export function obv(close: Float64Array, volume: Float64Array): Float64Array {
  const n = requireSameLength('OBV', { close, volume });
  const indicator = new Obv();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(close[i]!, volume[i]!);
  return out;
}

export function vwap(high: Float64Array, low: Float64Array, close: Float64Array, volume: Float64Array, sessionKeys?: Float64Array): Float64Array {
  const n = sessionKeys
    ? requireSameLength('VWAP', { high, low, close, volume, sessionKeys })
    : requireSameLength('VWAP', { high, low, close, volume });
  const indicator = new Vwap();
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = indicator.update(high[i]!, low[i]!, close[i]!, volume[i]!, sessionKeys ? sessionKeys[i]! : 0);
  return out;
}
