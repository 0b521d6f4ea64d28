/**
 * The emulated account: cash and positions, moved by fills. Margin is not modelled (multiplier 1):
 * buying power is cash less what open buy orders hold.
 */
import type { Market } from './market';
import { dec, iso } from './wire';

export interface EmulatorPosition {
  /** Signed: negative when short. */
  qty: number;
  /** Signed cost of the open quantity (qty × average entry price). */
  costBasis: number;
}

export class Account {
  readonly id = 'acc0e000-0000-4000-8000-000000000001';
  readonly accountNumber = 'PA0EMULATOR1';
  readonly createdAt = Date.parse('2024-01-02T14:30:00Z');
  cash: number;
  lastEquity: number;
  shortingEnabled = true;
  tradingBlocked = false;
  readonly positions = new Map<string, EmulatorPosition>();

  constructor(private readonly market: Market, initialCash = 100_000) {
    this.cash = initialCash;
    this.lastEquity = initialCash;
  }

  /** Apply one execution. Returns the position quantity after it. */
  applyFill(symbol: string, side: 'buy' | 'sell', qty: number, price: number): number {
    const signed = side === 'buy' ? qty : -qty;
    this.cash = round(this.cash - signed * price);
    const position = this.positions.get(symbol) ?? { qty: 0, costBasis: 0 };
    const before = position.qty;
    const after = round(before + signed);
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      position.costBasis = round(position.costBasis + signed * price);
    } else if (Math.sign(after) === Math.sign(before) || after === 0) {
      position.costBasis = round(position.costBasis * (after / before));
    } else {
      position.costBasis = round(after * price);
    }
    position.qty = after;
    if (after === 0) this.positions.delete(symbol);
    else this.positions.set(symbol, position);
    return after;
  }

  positionQty(symbol: string): number {
    return this.positions.get(symbol)?.qty ?? 0;
  }

  marketValue(): { long: number; short: number } {
    let long = 0;
    let short = 0;
    for (const [symbol, position] of this.positions) {
      const value = position.qty * (this.market.prices.get(symbol) ?? position.costBasis / position.qty);
      if (value >= 0) long += value;
      else short += value;
    }
    return { long: round(long), short: round(short) };
  }

  equity(): number {
    const { long, short } = this.marketValue();
    return round(this.cash + long + short);
  }

  buyingPower(heldByOpenBuys: number): number {
    return Math.max(0, round(this.cash - heldByOpenBuys));
  }

  toWire(heldByOpenBuys: number): Record<string, unknown> {
    const { long, short } = this.marketValue();
    const equity = this.equity();
    const buyingPower = this.buyingPower(heldByOpenBuys);
    return {
      id: this.id,
      account_number: this.accountNumber,
      status: 'ACTIVE',
      crypto_status: 'INACTIVE',
      currency: 'USD',
      cash: dec(this.cash),
      buying_power: dec(buyingPower),
      regt_buying_power: dec(buyingPower),
      daytrading_buying_power: '0',
      effective_buying_power: dec(buyingPower),
      non_marginable_buying_power: dec(buyingPower),
      options_buying_power: dec(buyingPower),
      bod_dtbp: '0',
      equity: dec(equity),
      last_equity: dec(this.lastEquity),
      portfolio_value: dec(equity),
      long_market_value: dec(long),
      short_market_value: dec(short),
      initial_margin: dec(long - short),
      maintenance_margin: dec((long - short) * 0.3),
      last_maintenance_margin: '0',
      sma: '0',
      multiplier: '1',
      shorting_enabled: this.shortingEnabled,
      trading_blocked: this.tradingBlocked,
      transfers_blocked: false,
      account_blocked: false,
      trade_suspended_by_user: false,
      pattern_day_trader: false,
      daytrade_count: 0,
      created_at: iso(this.createdAt),
      balance_asof: iso(this.market.now()).slice(0, 10),
      accrued_fees: '0',
      pending_transfer_in: '0',
      pending_transfer_out: null,
      options_approved_level: 0,
      options_trading_level: 0,
    };
  }

  positionToWire(symbol: string, assetId: string): Record<string, unknown> | null {
    const position = this.positions.get(symbol);
    if (!position) return null;
    const avg = position.costBasis / position.qty;
    const price = this.market.prices.get(symbol) ?? avg;
    const marketValue = position.qty * price;
    const unrealized = marketValue - position.costBasis;
    return {
      asset_id: assetId,
      symbol,
      exchange: 'NASDAQ',
      asset_class: 'us_equity',
      asset_marginable: true,
      avg_entry_price: dec(avg),
      qty: dec(position.qty),
      qty_available: dec(position.qty),
      side: position.qty > 0 ? 'long' : 'short',
      market_value: dec(marketValue),
      cost_basis: dec(position.costBasis),
      unrealized_pl: dec(unrealized),
      unrealized_plpc: dec(position.costBasis !== 0 ? unrealized / Math.abs(position.costBasis) : 0),
      unrealized_intraday_pl: dec(unrealized),
      unrealized_intraday_plpc: dec(position.costBasis !== 0 ? unrealized / Math.abs(position.costBasis) : 0),
      current_price: dec(price),
      lastday_price: dec(price),
      change_today: '0',
    };
  }
}

export function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}
