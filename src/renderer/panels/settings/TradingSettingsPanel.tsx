import type { AlpacaKeyMode } from '../../../shared/ipc/services/secrets';
import { useTradingConfig } from '../../queries/trading-config';
import type { PanelProps } from '../registry';
import { ExecutionSection } from './execution/ExecutionSection';
import { ChangeHistorySection } from './history/ChangeHistorySection';
import { KeysSection } from './keys/KeysSection';
import { ModeSection } from './mode/ModeSection';
import { ProblemsBanner } from './ProblemsBanner';
import { RiskLimitsSection } from './risk/RiskLimitsSection';
import { sectionOf, SETTINGS_SECTIONS, type SettingsSectionId } from './sections';
import { StrategiesSection } from './strategies/StrategiesSection';
import { RawConfigSection } from './yaml/RawConfigSection';

/** Trading settings: the mode switch, the keys, and trading.yaml as forms, as text and as a history of changes. */
export function TradingSettingsPanel({ panel, updateSettings }: PanelProps) {
  const section = sectionOf(panel.settings.section);
  const focus = panel.settings.keysFocus === 'live' || panel.settings.keysFocus === 'paper' ? (panel.settings.keysFocus as AlpacaKeyMode) : undefined;
  const { data: state, error, isLoading } = useTradingConfig();
  const go = (next: SettingsSectionId, extra: Record<string, unknown> = {}) => updateSettings({ section: next, keysFocus: null, ...extra });
  return (
    <div className="settings" data-testid="trading-settings">
      <nav className="settings-nav" role="tablist" aria-orientation="vertical" aria-label="Settings sections">
        {SETTINGS_SECTIONS.map((s) => (
          <button key={s.id} type="button" role="tab" aria-selected={s.id === section} data-testid={`settings-tab-${s.id}`} className={s.id === section ? 'selected' : undefined} onClick={() => go(s.id)}>
            {s.title}
            {s.id === 'yaml' && state && state.problems.length > 0 && <span className="count bad">{state.problems.length}</span>}
          </button>
        ))}
      </nav>
      <div className="settings-body" role="tabpanel" aria-label={SETTINGS_SECTIONS.find((s) => s.id === section)?.title}>
        {isLoading && <div className="panel-empty">Reading trading.yaml…</div>}
        {error && <div className="panel-error">Could not read the trading configuration: {error.message}</div>}
        {state && (
          <>
            <ProblemsBanner state={state} onShow={() => go('yaml')} />
            {section === 'mode' && <ModeSection state={state} onOpenKeys={() => go('keys', { keysFocus: 'live' })} />}
            {section === 'keys' && <KeysSection {...(focus ? { focus } : {})} />}
            {section === 'risk' && <RiskLimitsSection state={state} />}
            {section === 'execution' && <ExecutionSection state={state} />}
            {section === 'strategies' && <StrategiesSection state={state} />}
            {section === 'yaml' && <RawConfigSection state={state} />}
            {section === 'history' && <ChangeHistorySection />}
          </>
        )}
      </div>
    </div>
  );
}
