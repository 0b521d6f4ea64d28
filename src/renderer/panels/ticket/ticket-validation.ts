/**
 * From the ticket's form to the `OrderTicket` main takes, or the problems that stop it, each at its
 * field. Only what the form alone can tell is checked here (missing or malformed numbers, a dollar
 * amount where none may be); the order's own rules (ticks, bracket prices on the right side) and
 * the risk rules come back from main's preview.
 */
import { SYMBOL_PATTERN } from '../../../shared/market/symbol';
import { OrderTicketSchema, type OrderTicket } from '../../../shared/trading/order-ticket';
import { notionalAllowed, priceFieldsOf, type DraftField, type TicketDraft } from './ticket-draft';

export interface DraftProblem {
  /** The field to mark, or `form` for the ticket as a whole. */
  readonly field: DraftField | 'form';
  readonly message: string;
}

export interface TicketCheck {
  readonly ticket: OrderTicket | null;
  readonly problems: readonly DraftProblem[];
}

type NumberText = { readonly value: number } | { readonly missing: true } | { readonly error: string };

/** A typed number: separators and a leading `$` allowed; empty is missing. */
export function readNumber(text: string): NumberText {
  const cleaned = text.trim().replace(/^\$/, '').replace(/,/g, '').trim();
  if (cleaned === '') return { missing: true };
  const value = Number(cleaned);
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(cleaned) || !Number.isFinite(value)) return { error: `"${text.trim()}" is not a number` };
  return { value };
}

function capitalised(name: string): string {
  const bare = name.replace(/^(a|an|the) /, '');
  return bare[0]!.toUpperCase() + bare.slice(1);
}

/** The positive number typed at `field` (`name` reads "a limit price"), else a problem there. */
function number(draft: TicketDraft, field: DraftField, name: string, problems: DraftProblem[], required: boolean): number | undefined {
  const read = readNumber(draft[field]);
  if ('missing' in read) {
    if (required) problems.push({ field, message: `Enter ${name}` });
    return undefined;
  }
  if ('error' in read) {
    problems.push({ field, message: read.error });
    return undefined;
  }
  if (!(read.value > 0)) {
    problems.push({ field, message: `${capitalised(name)} must be more than 0` });
    return undefined;
  }
  return read.value;
}

/**
 * The ticket for `draft`, or every problem the form has. `clientOrderId` (chosen by the ticket for
 * each submit) makes a double submit harmless: main refuses the second use of an id.
 */
export function draftToTicket(draft: TicketDraft, clientOrderId?: string): TicketCheck {
  const problems: DraftProblem[] = [];
  const symbol = draft.symbol.trim();
  if (symbol === '') problems.push({ field: 'symbol', message: 'Enter a symbol' });
  else if (!SYMBOL_PATTERN.test(symbol)) problems.push({ field: 'symbol', message: `"${symbol}" is not a symbol: letters, digits and . - / ^ = _ only` });

  let qty: number | undefined;
  let notional: number | undefined;
  if (draft.sizeBy === 'notional') {
    if (!notionalAllowed(draft)) problems.push({ field: 'notional', message: 'A dollar amount works for market DAY orders without exit legs only: give a quantity' });
    notional = number(draft, 'notional', 'a dollar amount', problems, true);
  } else {
    qty = number(draft, 'qty', 'a quantity', problems, true);
  }

  const needs = priceFieldsOf(draft.type);
  const limitPrice = needs.limit ? number(draft, 'limitPrice', 'a limit price', problems, true) : undefined;
  const stopPrice = needs.stop ? number(draft, 'stopPrice', 'a stop price', problems, true) : undefined;
  let trailPrice: number | undefined;
  let trailPercent: number | undefined;
  if (needs.trail) {
    const trail = number(draft, 'trail', draft.trailBy === 'percent' ? 'the trail in %' : 'the trail in $', problems, true);
    if (trail !== undefined && draft.trailBy === 'percent' && trail >= 100) problems.push({ field: 'trail', message: 'The trail must be less than 100%' });
    else if (draft.trailBy === 'percent') trailPercent = trail;
    else trailPrice = trail;
  }

  let takeProfit: number | undefined;
  let stopLoss: number | undefined;
  let stopLossLimit: number | undefined;
  if (draft.bracket) {
    takeProfit = number(draft, 'takeProfit', 'a take-profit price', problems, false);
    stopLoss = number(draft, 'stopLoss', 'a stop-loss price', problems, false);
    stopLossLimit = number(draft, 'stopLossLimit', 'a stop-loss limit price', problems, false);
    if (stopLossLimit !== undefined && stopLoss === undefined && !problems.some((p) => p.field === 'stopLoss')) {
      problems.push({ field: 'stopLoss', message: 'A stop-loss limit needs a stop-loss price' });
    }
    if (draft.takeProfit.trim() === '' && draft.stopLoss.trim() === '') problems.push({ field: 'takeProfit', message: 'Give a take-profit, a stop-loss or both (or turn exits off)' });
  }

  if (problems.length > 0) return { ticket: null, problems };

  const parsed = OrderTicketSchema.safeParse({
    symbol,
    side: draft.side,
    type: draft.type,
    ...(qty !== undefined ? { qty } : {}),
    ...(notional !== undefined ? { notional } : {}),
    timeInForce: draft.timeInForce,
    ...(limitPrice !== undefined ? { limitPrice } : {}),
    ...(stopPrice !== undefined ? { stopPrice } : {}),
    ...(trailPrice !== undefined ? { trailPrice } : {}),
    ...(trailPercent !== undefined ? { trailPercent } : {}),
    ...(takeProfit !== undefined ? { takeProfit: { limitPrice: takeProfit } } : {}),
    ...(stopLoss !== undefined ? { stopLoss: { stopPrice: stopLoss, ...(stopLossLimit !== undefined ? { limitPrice: stopLossLimit } : {}) } } : {}),
    ...(clientOrderId !== undefined ? { clientOrderId } : {}),
  });
  if (!parsed.success) return { ticket: null, problems: parsed.error.issues.map((issue) => ({ field: 'form', message: `${issue.path.join('.') || 'ticket'}: ${issue.message}` })) };
  return { ticket: parsed.data, problems: [] };
}

/** The first problem at each field (what the form marks). */
export function problemsByField(problems: readonly DraftProblem[]): Partial<Record<DraftField | 'form', string>> {
  const byField: Partial<Record<DraftField | 'form', string>> = {};
  for (const problem of problems) byField[problem.field] ??= problem.message;
  return byField;
}
