/** A ticket in one line, as a trader reads it back before sending: `BUY 10 SPY LIMIT 350.00 GTC · TP 360.00 · SL 340.00`. */
import type { OrderTicket } from '../../../shared/trading/order-ticket';
import { formatMoney, formatPrice, formatQty } from '../../format/money';

export function describeTicket(ticket: OrderTicket): string {
  const size = ticket.qty !== undefined ? formatQty(ticket.qty) : `${formatMoney(ticket.notional)} of`;
  const parts = [ticket.side.toUpperCase(), size, ticket.symbol];
  switch (ticket.type) {
    case 'market':
      parts.push('MARKET');
      break;
    case 'limit':
      parts.push('LIMIT', formatPrice(ticket.limitPrice));
      break;
    case 'stop':
      parts.push('STOP', formatPrice(ticket.stopPrice));
      break;
    case 'stop_limit':
      parts.push('STOP', formatPrice(ticket.stopPrice), 'LIMIT', formatPrice(ticket.limitPrice));
      break;
    case 'trailing_stop':
      parts.push('TRAIL', ticket.trailPercent !== undefined ? `${ticket.trailPercent}%` : formatMoney(ticket.trailPrice));
      break;
  }
  parts.push(ticket.timeInForce.toUpperCase());
  let line = parts.join(' ');
  if (ticket.takeProfit) line += ` · TP ${formatPrice(ticket.takeProfit.limitPrice)}`;
  if (ticket.stopLoss) line += ` · SL ${formatPrice(ticket.stopLoss.stopPrice)}${ticket.stopLoss.limitPrice !== undefined ? ` LMT ${formatPrice(ticket.stopLoss.limitPrice)}` : ''}`;
  return line;
}
