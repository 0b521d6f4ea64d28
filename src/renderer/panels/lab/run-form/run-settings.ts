import { parseCommission, parseSlippage } from '../../../../shared/broker/sim/costs';
import { InputError } from '../../../../shared/errors';
import { parseSizing } from '../../../../shared/risk/sizing';

/**
 * The run's account and execution settings as the form holds them, and their translation into the
 * specs the engine reads (`fixed:100`, `per-share:0.005,min:1`, `bps:5`), checked with the engine's
 * own parsers so a spec main would refuse is refused here first, at its field.
 */
export type SizingKind = 'default' | 'all-in' | 'fixed' | 'percent' | 'risk';
export type CommissionKind = 'none' | 'per-share' | 'per-order' | 'bps';
export type SlippageKind = 'none' | 'bps' | 'ticks';
export type FillMode = 'next-open' | 'close';

export interface RunSettingsDraft {
  readonly cash: string;
  readonly sizing: SizingKind;
  readonly sizingValue: string;
  readonly commission: CommissionKind;
  readonly commissionValue: string;
  /** Minimum per order, in account currency (per-share and bps only); empty for none. */
  readonly commissionMin: string;
  readonly slippage: SlippageKind;
  readonly slippageValue: string;
  readonly fill: FillMode;
}

export const DEFAULT_RUN_SETTINGS: RunSettingsDraft = {
  cash: '100000',
  sizing: 'default',
  sizingValue: '',
  commission: 'none',
  commissionValue: '',
  commissionMin: '',
  slippage: 'none',
  slippageValue: '',
  fill: 'next-open',
};

export interface RunSettings {
  readonly initialCash: number;
  /** Absent: the strategy's own default sizing. */
  readonly sizing?: string;
  readonly commission: string;
  readonly slippage: string;
  readonly fill: FillMode;
}

export type RunSettingsField = 'cash' | 'sizing' | 'commission' | 'slippage';

export const SIZING_UNITS: Record<Exclude<SizingKind, 'default' | 'all-in'>, string> = { fixed: 'shares', percent: '% of equity', risk: '% of equity at risk' };
export const COMMISSION_UNITS: Record<Exclude<CommissionKind, 'none'>, string> = { 'per-share': 'per share', 'per-order': 'per order', bps: 'bps of value' };
export const SLIPPAGE_UNITS: Record<Exclude<SlippageKind, 'none'>, string> = { bps: 'bps', ticks: 'ticks' };

const PLAIN_NUMBER = /^([0-9]+\.?[0-9]*|\.[0-9]+)$/;

function cleanNumber(text: string): string {
  return text.trim().replace(/_/g, '').replace(/,(?=\d{3}(\D|$))/g, '');
}

function reason(error: unknown): string {
  return error instanceof InputError ? error.reason : error instanceof Error ? error.message : String(error);
}

export function parseRunSettings(draft: RunSettingsDraft): { settings: RunSettings | null; problems: Partial<Record<RunSettingsField, string>> } {
  const problems: Partial<Record<RunSettingsField, string>> = {};
  const cashText = cleanNumber(draft.cash);
  const cash = Number(cashText);
  if (!PLAIN_NUMBER.test(cashText) || !(cash > 0)) problems.cash = 'starting cash: a positive amount, e.g. 100000';

  let sizing: string | undefined;
  if (draft.sizing === 'all-in') sizing = 'all-in';
  else if (draft.sizing !== 'default') {
    const value = cleanNumber(draft.sizingValue);
    if (!PLAIN_NUMBER.test(value)) problems.sizing = `enter the ${SIZING_UNITS[draft.sizing]} as a positive number`;
    else sizing = `${draft.sizing}:${value}`;
  }
  if (sizing) {
    try {
      parseSizing(sizing);
    } catch (error) {
      problems.sizing = reason(error);
    }
  }

  let commission = 'none';
  if (draft.commission !== 'none') {
    const value = cleanNumber(draft.commissionValue);
    const min = cleanNumber(draft.commissionMin);
    if (!PLAIN_NUMBER.test(value)) problems.commission = `enter the commission ${COMMISSION_UNITS[draft.commission]} as a number ≥ 0`;
    else if (min !== '' && draft.commission !== 'per-order' && !PLAIN_NUMBER.test(min)) problems.commission = 'the minimum per order must be a number ≥ 0';
    else commission = `${draft.commission}:${value}${min !== '' && draft.commission !== 'per-order' ? `,min:${min}` : ''}`;
  }
  if (!problems.commission) {
    try {
      parseCommission(commission);
    } catch (error) {
      problems.commission = reason(error);
    }
  }

  let slippage = 'none';
  if (draft.slippage !== 'none') {
    const value = cleanNumber(draft.slippageValue);
    if (!PLAIN_NUMBER.test(value)) problems.slippage = `enter the slippage in ${SLIPPAGE_UNITS[draft.slippage]} as a number ≥ 0`;
    else slippage = `${draft.slippage}:${value}`;
  }
  if (!problems.slippage) {
    try {
      parseSlippage(slippage);
    } catch (error) {
      problems.slippage = reason(error);
    }
  }

  if (Object.keys(problems).length > 0) return { settings: null, problems };
  return { settings: { initialCash: cash, ...(sizing ? { sizing } : {}), commission, slippage, fill: draft.fill }, problems };
}
