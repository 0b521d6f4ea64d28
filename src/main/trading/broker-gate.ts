/**
 * The door between the order manager and the real broker, owned by the trading service:
 * - every broker event is applied inside one journal transaction (the event row, the order's new
 *   state and the fill land together or not at all);
 * - once the service is closed, late events (an HTTP answer still in flight, a queued paper event)
 *   are dropped: they belong to a service that no longer exists, and the next start reconciles them;
 * - the hand-off of each order to the broker is reported (latency measurement).
 */
import type { Broker, BrokerAccount, BrokerCapabilities, BrokerEventSink, BrokerOrderReport, BrokerPosition } from '../../shared/broker/broker';
import type { BrokerOrderEvent } from '../../shared/domain/order-events';
import type { Order } from '../../shared/domain/order';

export class BrokerGate implements Broker {
  readonly id: string;
  readonly capabilities: BrokerCapabilities;
  readonly fetchOpenOrders?: () => Promise<BrokerOrderReport[]>;
  readonly fetchOrder?: (clientOrderId: string) => Promise<BrokerOrderReport | null>;
  readonly fetchPositions?: () => Promise<BrokerPosition[]>;
  readonly fetchAccount?: () => Promise<BrokerAccount>;
  /** Called just before each order goes to the broker. */
  onHandOff: ((order: Order) => void) | null = null;
  private closed = false;

  constructor(
    private readonly inner: Broker,
    private readonly applyInTransaction: (apply: () => void) => void,
    private readonly onDropped: (event: BrokerOrderEvent) => void = () => {},
  ) {
    this.id = inner.id;
    this.capabilities = inner.capabilities;
    if (inner.fetchOpenOrders) this.fetchOpenOrders = () => inner.fetchOpenOrders!();
    if (inner.fetchOrder) this.fetchOrder = (id) => inner.fetchOrder!(id);
    if (inner.fetchPositions) this.fetchPositions = () => inner.fetchPositions!();
    if (inner.fetchAccount) this.fetchAccount = () => inner.fetchAccount!();
  }

  connect(sink: BrokerEventSink): void {
    this.inner.connect((event) => {
      if (this.closed) {
        this.onDropped(event);
        return;
      }
      this.applyInTransaction(() => sink(event));
    });
  }

  submit(order: Order, legs: readonly Order[]): void {
    if (this.closed) throw new Error('the trading service is closed');
    this.onHandOff?.(order);
    this.inner.submit(order, legs);
  }

  cancel(order: Order): void {
    if (this.closed) throw new Error('the trading service is closed');
    this.inner.cancel(order);
  }

  replace(order: Order, replacement: Order): void {
    if (this.closed) throw new Error('the trading service is closed');
    this.inner.replace(order, replacement);
  }

  close(): void {
    this.closed = true;
  }
}
