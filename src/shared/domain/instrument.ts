/**
 * A tradable instrument and the rules its orders must respect (Alpaca's asset fields, renamed):
 * prices move in ticks, quantities in lots, and short selling needs the broker's permission.
 */
export interface Instrument {
  readonly symbol: string;
  readonly assetClass: 'us_equity' | 'crypto' | 'future' | 'other';
  /** Smallest price increment (Alpaca: $0.01 at or above $1, $0.0001 below). */
  readonly tickSize: number;
  /** Quantities are whole multiples of this (1 for shares; a fraction for fractional trading). */
  readonly lotSize: number;
  /** Smallest quantity one order may have. */
  readonly minQty: number;
  readonly shortable: boolean;
  readonly easyToBorrow: boolean;
  readonly fractionable: boolean;
  readonly marginable: boolean;
  /** Value of one unit per point of price (1 for stocks; the contract multiplier for futures). */
  readonly multiplier: number;
}

/** A US stock or ETF traded in whole shares, shortable, priced in cents. */
export function equityInstrument(symbol: string, overrides: Partial<Omit<Instrument, 'symbol'>> = {}): Instrument {
  return {
    symbol,
    assetClass: 'us_equity',
    tickSize: 0.01,
    lotSize: 1,
    minQty: 1,
    shortable: true,
    easyToBorrow: true,
    fractionable: false,
    marginable: true,
    multiplier: 1,
    ...overrides,
  };
}

/**
 * The tick that applies at `price`: US equities below $1 trade in $0.0001 (Reg NMS rule 612),
 * everything else in the instrument's tick.
 */
export function tickAt(instrument: Instrument, price: number): number {
  if (instrument.assetClass === 'us_equity' && price < 1) return Math.min(instrument.tickSize, 0.0001);
  return instrument.tickSize;
}

/** True when `price` is a whole number of ticks (within floating-point noise). */
export function isOnTick(instrument: Instrument, price: number): boolean {
  const tick = tickAt(instrument, price);
  const steps = price / tick;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** True when `qty` is a positive whole number of lots, at least the minimum. */
export function isValidQuantity(instrument: Instrument, qty: number): boolean {
  if (!(qty > 0) || !Number.isFinite(qty) || qty < instrument.minQty - 1e-12) return false;
  const lots = qty / instrument.lotSize;
  return Math.abs(lots - Math.round(lots)) < 1e-9;
}

/** `qty` rounded down to whole lots (never up: an order never grows by rounding). */
export function floorToLot(instrument: Instrument, qty: number): number {
  if (!(qty > 0)) return 0;
  const lots = Math.floor(qty / instrument.lotSize + 1e-9);
  return roundQuantity(lots * instrument.lotSize);
}

/** Removes binary noise from a quantity that is a sum of lots (0.1 + 0.2 → 0.3). */
export function roundQuantity(qty: number): number {
  return Math.round(qty * 1e9) / 1e9;
}
