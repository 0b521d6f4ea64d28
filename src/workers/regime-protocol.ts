import type { RegimeConfigOverrides } from '../shared/regime/config';
import type { BarClockSpecInput } from '../shared/regime/clock';
import type { RegimeBatch } from '../shared/regime/output';
import type { ReceptionEstimate } from '../shared/regime/reception';

/** What a bank is made of: plain data, so it crosses the thread boundary as is. */
export interface RegimeBankSpec {
  /** Overrides of the default configuration (an instrument's R, a user's settings). */
  readonly config?: RegimeConfigOverrides;
  readonly clock: BarClockSpecInput;
}

export interface RegimeOpenResult {
  readonly bars: number;
  /** Time of the last bar the bank has seen (NaN for a new bank). */
  readonly lastT: number;
}

/** One batch's outputs, with the state after its last bar. */
export interface RegimeBatchResult {
  readonly key: string;
  readonly batch: RegimeBatch;
  /** The bank's state after the batch (`RegimeBank.saveState`). */
  readonly snapshot: Uint8Array;
  readonly reception: ReceptionEstimate;
  /** Time since which the last bar's label has held (NaN while none is established). */
  readonly labelSince: number;
  readonly stale: boolean;
  readonly bars: number;
  readonly lastT: number;
}

/** The worker's API (exposed with comlink). Bars travel packed: t[0..n) then close[0..n). */
export interface RegimeWorkerApi {
  open(key: string, spec: RegimeBankSpec, snapshot: Uint8Array | null): RegimeOpenResult;
  push(key: string, packed: Float64Array): RegimeBatchResult;
  close(key: string): void;
  /** Keys of the banks this worker holds. */
  keys(): string[];
}
