import type { z } from 'zod';
import type { EventSpec, RequestSpec } from './define';
import { backtestEvents, backtestRequests } from './services/backtest';
import { datasetsEvents, datasetsRequests } from './services/datasets';
import { layoutEvents, layoutRequests } from './services/layout';
import { marketEvents, marketRequests } from './services/market';
import { regimeEvents, regimeRequests } from './services/regime';
import { secretsEvents, secretsRequests } from './services/secrets';
import { settingsRequests } from './services/settings';
import { signalsEvents, signalsRequests } from './services/signals';
import { strategiesEvents, strategiesRequests } from './services/strategies';
import { systemEvents, systemRequests } from './services/system';
import { tradingEvents, tradingRequests } from './services/trading';
import { tradingConfigEvents, tradingConfigRequests } from './services/trading-config';

/**
 * The one typed contract between main and every renderer. Each service contributes its requests
 * and event streams from `services/`; both hosts (Electron, web) serve exactly this.
 */
export const requests = {
  ...systemRequests,
  ...datasetsRequests,
  ...layoutRequests,
  ...settingsRequests,
  ...tradingRequests,
  ...marketRequests,
  ...tradingConfigRequests,
  ...secretsRequests,
  ...signalsRequests,
  ...regimeRequests,
  ...strategiesRequests,
  ...backtestRequests,
} satisfies Record<string, RequestSpec>;

export const events = {
  ...systemEvents,
  ...datasetsEvents,
  ...layoutEvents,
  ...tradingEvents,
  ...marketEvents,
  ...tradingConfigEvents,
  ...secretsEvents,
  ...signalsEvents,
  ...regimeEvents,
  ...strategiesEvents,
  ...backtestEvents,
} satisfies Record<string, EventSpec>;

export type Requests = typeof requests;
export type Events = typeof events;
export type RequestName = keyof Requests;
export type EventName = keyof Events;

/** What a caller passes (defaults may be omitted). */
export type RequestInput<K extends RequestName> = z.input<Requests[K]['input']>;
/** What a handler receives after validation (defaults applied). */
export type RequestParsed<K extends RequestName> = z.output<Requests[K]['input']>;
export type RequestOutput<K extends RequestName> = z.output<Requests[K]['output']>;
export type EventItem<K extends EventName> = z.output<Events[K]['item']>;

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** The client every renderer uses, whichever host serves it. */
export interface IpcClient {
  readonly host: 'electron' | 'web';
  invoke<K extends RequestName>(name: K, input: RequestInput<K>): Promise<RequestOutput<K>>;
  /** Receive a stream's items in batches; returns the unsubscribe function. */
  subscribe<K extends EventName>(name: K, onBatch: (items: EventItem<K>[]) => void): () => void;
}
