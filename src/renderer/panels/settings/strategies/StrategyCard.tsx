import { useMemo, useState } from 'react';
import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import { keyOf } from '../form/config-paths';
import { numberRowsPatch, readNumberRows, type NumberRowsDraft } from '../form/number-rows';
import { NumberRow } from '../form/NumberRow';
import { SaveBar } from '../form/SaveBar';
import { Toggle } from '../form/Toggle';
import { useConfigDraft, type DraftSpec } from '../form/useConfigDraft';
import { strategyRows } from './strategy-rows';
import { DEFAULT_WARMUP_BARS } from '../../../../shared/trading/trading-config';

interface StrategyDraft {
  readonly enabled: boolean;
  readonly numbers: NumberRowsDraft;
}

export interface StrategyCardProps {
  readonly id: string;
  readonly state: TradingConfigState;
  readonly onRemove: () => void;
  readonly removing: boolean;
}

/** One strategy's settings: enabled, its confidence threshold and its own caps; its parameters as the file holds them. */
export function StrategyCard({ id, state, onRemove, removing }: StrategyCardProps) {
  const rows = useMemo(() => strategyRows(id), [id]);
  const spec = useMemo<DraftSpec<StrategyDraft>>(
    () => ({
      read: (config) => ({ enabled: config.strategies[id]?.enabled ?? true, numbers: readNumberRows(rows, config) }),
      toPatch: (draft, config) => {
        const { entries, problems } = numberRowsPatch(rows, draft.numbers, config);
        if (draft.enabled !== (config.strategies[id]?.enabled ?? true)) entries.push([['strategies', id, 'enabled'], draft.enabled]);
        return { entries, problems };
      },
    }),
    [id, rows],
  );
  const form = useConfigDraft(state, spec);
  const [confirming, setConfirming] = useState(false);
  const settings = state.config.strategies[id];
  const parameters = settings?.parameters ?? {};
  const fieldKeys = [keyOf(['strategies', id, 'enabled']), ...rows.map((row) => keyOf(row.offPath))];
  return (
    <article className="strategy-card" data-testid={`strategy-${id}`} aria-label={`Strategy ${id}`}>
      <header className="strategy-header">
        <h4>{id}</h4>
        <Toggle label={`${id}: enabled`} checked={form.draft.enabled} testId={`toggle-strategy-${id}`} onChange={(enabled) => form.setDraft((d) => ({ ...d, enabled }))} />
        <span className="topbar-spacer" />
        {confirming ? (
          <span className="confirm-remove">
            Back to the defaults?
            <button type="button" className="danger" disabled={removing} onClick={onRemove}>
              Remove
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep
            </button>
          </span>
        ) : (
          <button type="button" title="Remove this strategy's section: it then runs with the defaults" onClick={() => setConfirming(true)}>
            Remove
          </button>
        )}
      </header>
      <div className="setting-rows">
        {rows.map((row) => (
          <NumberRow key={row.id} row={row} draft={form.draft.numbers} problems={form.problems} onChange={(numbers) => form.setDraft((d) => ({ ...d, numbers }))} />
        ))}
      </div>
      {settings?.symbols && (
        <div className="strategy-parameters" data-testid={`strategy-${id}-runs`}>
          <span className="muted">Runs live:</span> {settings.strategy ?? id} on {settings.symbols.join(' / ')} ({settings.timeframe}), sizing {settings.sizing ?? 'from the sizing section'}, warm-up{' '}
          {settings.warmupBars ?? DEFAULT_WARMUP_BARS} bars <span className="muted">(see the Live strategies panel)</span>
        </div>
      )}
      <div className="strategy-parameters">
        <span className="muted">Parameters (edit them in trading.yaml):</span> <code>{Object.keys(parameters).length > 0 ? JSON.stringify(parameters) : 'none: the strategy’s defaults'}</code>
      </div>
      <SaveBar form={form} testId={`strategy-${id}`} fieldKeys={fieldKeys} />
    </article>
  );
}
