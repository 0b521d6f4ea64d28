import type { ReactNode } from 'react';
import {
  COMMISSION_UNITS, SIZING_UNITS, SLIPPAGE_UNITS, type CommissionKind, type RunSettingsDraft, type SizingKind, type SlippageKind,
} from './run-settings';

export interface RunSettingsFormProps {
  readonly draft: RunSettingsDraft;
  readonly problems: Readonly<Record<string, string>>;
  readonly defaultSizing: string;
  readonly onChange: (draft: RunSettingsDraft) => void;
  readonly disabled?: boolean;
}

function Row({ label, problem, testId, children }: { label: string; problem?: string; testId: string; children: ReactNode }) {
  return (
    <div className={problem ? 'param-row has-problem' : 'param-row'}>
      <span className="param-name">{label}</span>
      <span className="setting-inputs">{children}</span>
      {problem && (
        <span className="field-problem" role="alert" data-testid={`problem-${testId}`}>
          {problem}
        </span>
      )}
    </div>
  );
}

/** Starting cash, position sizing, commission, slippage and when market orders fill. */
export function RunSettingsForm({ draft, problems, defaultSizing, onChange, disabled }: RunSettingsFormProps) {
  const set = (patch: Partial<RunSettingsDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="param-form" data-testid="run-settings">
      <Row label="Cash" problem={problems.cash} testId="cash">
        <input type="text" className="num" inputMode="decimal" aria-label="Starting cash" data-testid="lab-cash" value={draft.cash} disabled={disabled} aria-invalid={problems.cash ? true : undefined} onChange={(e) => set({ cash: e.target.value })} />
      </Row>
      <Row label="Sizing" problem={problems.sizing} testId="sizing">
        <select aria-label="Position sizing" data-testid="lab-sizing" value={draft.sizing} disabled={disabled} onChange={(e) => set({ sizing: e.target.value as SizingKind })}>
          <option value="default">strategy default ({defaultSizing})</option>
          <option value="all-in">all in</option>
          <option value="fixed">fixed quantity</option>
          <option value="percent">% of equity</option>
          <option value="risk">% risked to stop</option>
        </select>
        {draft.sizing !== 'default' && draft.sizing !== 'all-in' && (
          <>
            <input type="text" inputMode="decimal" className="short num" aria-label={`Sizing in ${SIZING_UNITS[draft.sizing]}`} data-testid="lab-sizing-value" value={draft.sizingValue} disabled={disabled} onChange={(e) => set({ sizingValue: e.target.value })} />
            <span className="unit">{SIZING_UNITS[draft.sizing]}</span>
          </>
        )}
      </Row>
      <Row label="Commission" problem={problems.commission} testId="commission">
        <select aria-label="Commission" data-testid="lab-commission" value={draft.commission} disabled={disabled} onChange={(e) => set({ commission: e.target.value as CommissionKind })}>
          <option value="none">none</option>
          <option value="per-share">per share</option>
          <option value="per-order">per order</option>
          <option value="bps">basis points</option>
        </select>
        {draft.commission !== 'none' && (
          <>
            <input type="text" inputMode="decimal" className="short num" aria-label={`Commission ${COMMISSION_UNITS[draft.commission]}`} data-testid="lab-commission-value" value={draft.commissionValue} disabled={disabled} onChange={(e) => set({ commissionValue: e.target.value })} />
            <span className="unit">{COMMISSION_UNITS[draft.commission]}</span>
          </>
        )}
        {(draft.commission === 'per-share' || draft.commission === 'bps') && (
          <>
            <span className="unit">min</span>
            <input type="text" inputMode="decimal" className="short num" aria-label="Minimum commission per order" value={draft.commissionMin} disabled={disabled} onChange={(e) => set({ commissionMin: e.target.value })} />
          </>
        )}
      </Row>
      <Row label="Slippage" problem={problems.slippage} testId="slippage">
        <select aria-label="Slippage" data-testid="lab-slippage" value={draft.slippage} disabled={disabled} onChange={(e) => set({ slippage: e.target.value as SlippageKind })}>
          <option value="none">none</option>
          <option value="bps">basis points</option>
          <option value="ticks">ticks</option>
        </select>
        {draft.slippage !== 'none' && (
          <>
            <input type="text" inputMode="decimal" className="short num" aria-label={`Slippage in ${SLIPPAGE_UNITS[draft.slippage]}`} data-testid="lab-slippage-value" value={draft.slippageValue} disabled={disabled} onChange={(e) => set({ slippageValue: e.target.value })} />
            <span className="unit">{SLIPPAGE_UNITS[draft.slippage]}</span>
          </>
        )}
      </Row>
      <Row label="Fills" testId="fill">
        <select aria-label="Market order fills" data-testid="lab-fill" value={draft.fill} disabled={disabled} onChange={(e) => set({ fill: e.target.value as RunSettingsDraft['fill'] })}>
          <option value="next-open">next bar's open</option>
          <option value="close">signal bar's close</option>
        </select>
      </Row>
    </div>
  );
}
