import { z } from 'zod';
import { InputError } from '../errors';
import { floorToLot, type Instrument } from '../domain/instrument';
import type { OrderClass, OrderRequest } from '../domain/order';
import { SYMBOL_PATTERN } from '../market/symbol';

const Price = z.number().positive().finite();

/** Alpaca accepts client order ids of up to 48 characters (older limit, still the safe one). */
export const ClientOrderIdSchema = z.string().min(1).max(48).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/**
 * What the order ticket sends: every order type Alpaca takes, a bracket's take-profit and stop-loss,
 * a time in force, and either a quantity or a notional (dollar) amount. A `clientOrderId` chosen by
 * the ticket makes a double-click harmless: the second submit with the same id is refused.
 */
export const OrderTicketSchema = z
  .object({
    symbol: z.string().trim().min(1).max(32).regex(SYMBOL_PATTERN, 'letters, digits and . - / ^ = _ only').transform((s) => s.toUpperCase()),
    side: z.enum(['buy', 'sell']),
    type: z.enum(['market', 'limit', 'stop', 'stop_limit', 'trailing_stop']),
    qty: z.number().positive().finite().optional(),
    /** Dollar amount instead of a quantity: turned into whole lots at the last price. */
    notional: z.number().positive().finite().optional(),
    timeInForce: z.enum(['day', 'gtc', 'opg', 'cls', 'ioc', 'fok']).default('day'),
    limitPrice: Price.optional(),
    stopPrice: Price.optional(),
    trailPrice: Price.optional(),
    /** Percent of the high-water mark (1.5 = 1.5 %). */
    trailPercent: z.number().positive().max(100).optional(),
    extendedHours: z.boolean().default(false),
    takeProfit: z.object({ limitPrice: Price }).strict().optional(),
    stopLoss: z.object({ stopPrice: Price, limitPrice: Price.optional() }).strict().optional(),
    /** Default: bracket with both legs, oto with one, simple with none. `oco` must be asked for. */
    orderClass: z.enum(['simple', 'bracket', 'oco', 'oto']).optional(),
    clientOrderId: ClientOrderIdSchema.optional(),
  })
  .strict()
  .refine((t) => (t.qty === undefined) !== (t.notional === undefined), { message: 'give exactly one of qty and notional', path: ['qty'] });

export type OrderTicket = z.output<typeof OrderTicketSchema>;
export type OrderTicketInput = z.input<typeof OrderTicketSchema>;

export interface TicketRequest {
  readonly request: OrderRequest;
  /** How the ticket was read (a notional turned into a quantity, the class chosen). */
  readonly notes: string[];
}

function classOf(ticket: OrderTicket): OrderClass {
  if (ticket.orderClass) return ticket.orderClass;
  if (ticket.takeProfit && ticket.stopLoss) return 'bracket';
  if (ticket.takeProfit || ticket.stopLoss) return 'oto';
  return 'simple';
}

/**
 * The order a ticket asks for. A notional becomes whole lots at `price` (the limit price when there
 * is one, else the last price), never rounded up; it is refused when it buys nothing.
 */
export function ticketToRequest(ticket: OrderTicket, lastPrice: number, instrument: Instrument, tag: string): TicketRequest {
  const notes: string[] = [];
  let qty = ticket.qty;
  if (qty === undefined) {
    const notional = ticket.notional!;
    const price = ticket.limitPrice ?? lastPrice;
    if (!(price > 0)) throw new InputError(`a notional order needs a price: there is no last price for ${ticket.symbol}; give a quantity or a limit price`);
    qty = floorToLot(instrument, notional / (price * instrument.multiplier));
    if (!(qty > 0)) throw new InputError(`$${notional} buys less than one lot of ${ticket.symbol} at ${price}; raise the amount or give a quantity`);
    notes.push(`notional $${notional} → ${qty} at ${price}`);
  }
  const orderClass = classOf(ticket);
  if (orderClass !== 'simple' && !ticket.orderClass) notes.push(`order class ${orderClass} (from the legs given)`);
  const request: OrderRequest = {
    symbol: ticket.symbol,
    side: ticket.side,
    qty,
    type: ticket.type,
    timeInForce: ticket.timeInForce,
    ...(ticket.limitPrice !== undefined ? { limitPrice: ticket.limitPrice } : {}),
    ...(ticket.stopPrice !== undefined ? { stopPrice: ticket.stopPrice } : {}),
    ...(ticket.trailPrice !== undefined ? { trailPrice: ticket.trailPrice } : {}),
    ...(ticket.trailPercent !== undefined ? { trailPercent: ticket.trailPercent } : {}),
    extendedHours: ticket.extendedHours,
    orderClass,
    ...(ticket.takeProfit ? { takeProfit: ticket.takeProfit } : {}),
    ...(ticket.stopLoss ? { stopLoss: ticket.stopLoss } : {}),
    ...(ticket.clientOrderId ? { clientOrderId: ticket.clientOrderId } : {}),
    tag,
  };
  return { request, notes };
}
