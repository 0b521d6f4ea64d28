import { useEffect, useMemo, useRef, useState } from 'react';
import type { SubmitResult } from '../../../shared/ipc/services/trading';
import type { OrderTicket } from '../../../shared/trading/order-ticket';
import { formatPrice, formatQty } from '../../format/money';
import { useSubmitOrder } from '../../queries/trading';
import { useTradingMode } from '../../queries/trading-mode';
import { useTrading } from '../../state/trading/store';
import type { PanelProps } from '../registry';
import { newTicketOrderId } from './client-order-id';
import { ExitLegs } from './ExitLegs';
import { LiveConfirmDialog } from './LiveConfirmDialog';
import { OrderTerms } from './OrderTerms';
import { ReplayControls } from './ReplayControls';
import { RiskPreview } from './RiskPreview';
import { SideToggle } from './SideToggle';
import { SubmitOutcome } from './SubmitOutcome';
import { describeTicket } from './ticket-describe';
import { emptyDraft, normaliseDraft, type DraftField, type TicketDraft } from './ticket-draft';
import { TicketField } from './TicketField';
import { draftToTicket, problemsByField } from './ticket-validation';
import { useQuote } from './useQuote';
import { useSelectedSymbol } from './useSelectedSymbol';
import { useTicketHotkeys } from './useTicketHotkeys';
import { useTicketPreview } from './useTicketPreview';

interface Outcome {
  readonly result: SubmitResult;
  readonly line: string;
}

/** A one-share market order of the symbol, asked only for its last price while the ticket is incomplete. */
function priceProbe(symbol: string, side: 'buy' | 'sell'): OrderTicket | null {
  const probe = draftToTicket({ ...emptyDraft(symbol), side, qty: '1' });
  return probe.ticket;
}

/**
 * The order ticket: symbol (the window's chosen dataset, or typed), side, type, size, prices, time
 * in force and exit legs; every risk rule's verdict and the cost before sending; the outcome after.
 * Keys: B buy, S sell, Ctrl+Enter submit, Esc clear. LIVE is said on the ticket and every order is
 * confirmed.
 */
export function OrderTicketPanel(_props: PanelProps) {
  const selected = useSelectedSymbol();
  const [draft, setDraft] = useState<TicketDraft>(() => emptyDraft(selected ?? ''));
  const [attempted, setAttempted] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [confirming, setConfirming] = useState<OrderTicket | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const pendingId = useRef<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  const submitOrder = useSubmitOrder();

  const state = useTrading((s) => s.data.state);
  const world = useTrading((s) => `${s.data.account?.t ?? 0}|${s.data.state?.state ?? ''}|${s.data.state?.since ?? 0}|${s.data.state?.replay?.t ?? ''}`);
  const configMode = useTradingMode().mode;
  const live = state?.mode === 'live' || configMode === 'live';
  const paper = state?.broker.kind === 'paper';

  // The ticket follows the symbol chosen in this window's dataset list.
  useEffect(() => {
    if (selected) setDraft((d) => (d.symbol === selected ? d : { ...d, symbol: selected }));
  }, [selected]);

  const check = useMemo(() => draftToTicket(draft), [draft]);
  const symbolOk = !check.problems.some((p) => p.field === 'symbol');
  const probe = useMemo(() => (check.ticket || !symbolOk ? null : priceProbe(draft.symbol, draft.side)), [check.ticket, symbolOk, draft.symbol, draft.side]);
  const previewed = useTicketPreview(check.ticket ?? probe, world);
  const forTicket = check.ticket !== null && previewed.forKey === JSON.stringify(check.ticket);
  const lastPrice = previewed.preview?.lastPrice ?? null;
  const quote = useQuote(symbolOk ? draft.symbol.trim().toUpperCase() : null);

  const shown = problemsByField(check.problems.filter((p) => attempted || p.field === 'form' || (p.field in draft && draft[p.field as DraftField].trim() !== '')));
  const change = (changes: Partial<TicketDraft>) => {
    setDraft((d) => normaliseDraft({ ...d, ...changes }));
    setSendError(null);
    // Another order now: a new id (an id is kept only to send the same order again).
    pendingId.current = null;
  };

  const send = (ticket: OrderTicket) => {
    const line = describeTicket(ticket);
    setSendError(null);
    submitOrder.mutate(
      { ticket },
      {
        onSuccess: (result) => {
          pendingId.current = null;
          setOutcome({ result, line });
        },
        // The id is kept: sending again cannot place the order twice (main refuses a used id).
        onError: (error) => setSendError(error instanceof Error ? error.message : String(error)),
      },
    );
  };

  const submit = () => {
    setAttempted(true);
    if (submitOrder.isPending) return;
    pendingId.current ??= newTicketOrderId();
    const checked = draftToTicket(draft, pendingId.current);
    if (!checked.ticket) return;
    if (live) setConfirming(checked.ticket);
    else send(checked.ticket);
  };

  const clear = () => {
    setDraft((d) => emptyDraft(d.symbol));
    setAttempted(false);
    setOutcome(null);
    setSendError(null);
    pendingId.current = null;
  };

  useTicketHotkeys(root, (key) => {
    if (key === 'buy') change({ side: 'buy' });
    else if (key === 'sell') change({ side: 'sell' });
    else if (key === 'submit') submit();
    else clear();
  });

  const waitingFor = check.ticket ? null : attempted ? 'Fix the fields marked above to check the order.' : 'Enter a size to see every risk rule’s verdict and the cost.';
  const ready = state?.ready ?? false;
  const label = check.ticket ? describeTicket(check.ticket) : draft.side === 'buy' ? 'Buy' : 'Sell';

  return (
    <div
      ref={root}
      className={`order-ticket side-${draft.side}${live ? ' live' : ''}`}
      data-testid="order-ticket"
      data-side={draft.side}
      data-mode={live ? 'live' : 'paper'}
      tabIndex={-1}
      onMouseDown={(event) => {
        // A click on the ticket's background gives it the focus (its keys then act), never a field's.
        if (event.target === event.currentTarget) root.current?.focus();
      }}
    >
      {live && (
        <div className="ticket-live" data-testid="ticket-live-warning" role="alert">
          <strong>LIVE</strong> Orders go to your live Alpaca account with real money. Each one is confirmed.
        </div>
      )}
      {paper && <ReplayControls symbol={draft.symbol} />}

      <div className="ticket-row symbol-row">
        <TicketField label="Symbol" testId="ticket-symbol" inputMode="text" value={draft.symbol} problem={shown.symbol} placeholder="SPY" onChange={(symbol) => change({ symbol })} />
        <div className="ticket-price" data-testid="ticket-last-price" data-value={lastPrice ?? ''}>
          {quote ? (
            <span title="Live quote">
              <span className="bid">{formatPrice(quote.bidPrice)}</span> × {formatQty(quote.bidSize)} / <span className="ask">{formatPrice(quote.askPrice)}</span> × {formatQty(quote.askSize)}
            </span>
          ) : (
            <span title="The last price the broker or the stored bars know">
              Last <strong>{formatPrice(lastPrice)}</strong>
            </span>
          )}
        </div>
      </div>
      <SideToggle side={draft.side} onChange={(side) => change({ side })} />
      <OrderTerms draft={draft} change={change} problems={shown} />
      <ExitLegs draft={draft} change={change} problems={shown} />
      {shown.form && <p className="bad">{shown.form}</p>}

      <RiskPreview
        preview={forTicket ? previewed.preview : null}
        stale={check.ticket !== null && !forTicket}
        pending={previewed.pending}
        error={forTicket ? previewed.error : null}
        waitingFor={waitingFor}
      />

      <button
        type="button"
        className={`ticket-submit side-${draft.side}${live ? ' live' : ''}`}
        data-testid="ticket-submit"
        disabled={submitOrder.isPending || !ready}
        title={ready ? 'Ctrl+Enter' : 'Orders are refused until Sextant has reconciled with the broker'}
        onClick={submit}
      >
        {submitOrder.isPending ? 'Sending…' : live ? `Send LIVE: ${label}` : label}
      </button>
      {sendError && (
        <p className="bad" role="alert" data-testid="ticket-send-error">
          Not sent: {sendError}
        </p>
      )}
      {outcome && <SubmitOutcome result={outcome.result} line={outcome.line} />}
      <p className="ticket-keys muted">
        <kbd>B</kbd>/<kbd>S</kbd> side · <kbd>Ctrl+Enter</kbd> send · <kbd>Esc</kbd> clear
      </p>
      {confirming && (
        <LiveConfirmDialog
          line={describeTicket(confirming)}
          estimatedValue={forTicket ? (previewed.preview?.estimatedValue ?? null) : null}
          account={state?.broker.id ?? 'alpaca-live'}
          onClose={() => setConfirming(null)}
          onConfirm={() => send(confirming)}
        />
      )}
    </div>
  );
}
