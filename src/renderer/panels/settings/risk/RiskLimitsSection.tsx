import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { keyOf } from '../form/config-paths';
import { numberRowsPatch, readNumberRows, type NumberRowsDraft } from '../form/number-rows';
import { NumberRow } from '../form/NumberRow';
import { SaveBar } from '../form/SaveBar';
import { useConfigDraft, type DraftSpec } from '../form/useConfigDraft';
import { RISK_ROWS } from './risk-rows';

const RISK_FORM: DraftSpec<NumberRowsDraft> = {
  read: (config) => readNumberRows(RISK_ROWS, config),
  toPatch: (draft, config) => numberRowsPatch(RISK_ROWS, draft, config),
};

const FIELD_KEYS = RISK_ROWS.map((row) => keyOf(row.offPath));

/** The pre-trade risk limits: checked for every order; a change applies at once, without a restart. */
export function RiskLimitsSection({ state }: { state: TradingConfigState }) {
  const form = useConfigDraft(state, RISK_FORM);
  return (
    <section className="settings-section" data-testid="risk-limits" aria-label="Risk limits">
      <p className="section-intro">Checked before every order. A rule turned off is written as <code>null</code> in trading.yaml. Changes apply at once and are recorded.</p>
      <div className="setting-rows">
        {RISK_ROWS.map((row) => (
          <NumberRow key={row.id} row={row} draft={form.draft} problems={form.problems} onChange={(draft) => form.setDraft(() => draft)} />
        ))}
      </div>
      <SaveBar form={form} testId="risk" fieldKeys={FIELD_KEYS} />
    </section>
  );
}
