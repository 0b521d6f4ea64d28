import type { SignalRecordShape } from '../../../shared/ipc/services/signals';

/** How a status reads at a glance: done well, refused or failed, nothing done, or still pending. */
export function statusTone(status: SignalRecordShape['status']): 'ok' | 'bad' | 'muted' | 'warn' {
  switch (status) {
    case 'filled':
    case 'partially_filled':
    case 'accepted':
      return 'ok';
    case 'rejected_by_risk':
    case 'rejected_by_broker':
    case 'error':
    case 'invalid':
      return 'bad';
    case 'received':
      return 'warn';
    default:
      return 'muted';
  }
}

export function statusLabel(status: SignalRecordShape['status']): string {
  return status.replace(/_/g, ' ');
}

/** The risk manager's verdicts in one tooltip: every rule, passed or not, with its reason. */
export function riskTooltip(record: SignalRecordShape): string | undefined {
  const risk = record.outcome?.risk;
  if (!risk) return record.outcome?.reason ?? record.error ?? undefined;
  const rules = risk.rules.map((r) => `${r.passed ? '✓' : '✗'} ${r.rule}: ${r.detail}`);
  return [`Risk ${risk.approved ? 'approved' : 'refused'}`, ...rules].join('\n');
}

export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1) return `${Math.round(ms * 1000)} µs`;
  if (ms < 100) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** What the signal asked for, from its stored wire form (absent for a payload that was not a signal). */
export function wireField(record: SignalRecordShape, key: 'quantity' | 'confidence' | 'price_target' | 'stop_loss' | 'take_profit'): number | null {
  if (record.status === 'invalid' || record.payload === null || typeof record.payload !== 'object') return null;
  const value = (record.payload as Record<string, unknown>)[key];
  return typeof value === 'number' ? value : null;
}

/** The one line of explanation a row shows: the error, or why it was skipped or refused. */
export function outcomeNote(record: SignalRecordShape): string {
  if (record.error) return record.error;
  if (record.outcome?.reason) return record.outcome.reason;
  const failed = record.outcome?.risk?.rules.find((r) => !r.passed);
  return failed ? `${failed.rule}: ${failed.detail}` : '';
}
