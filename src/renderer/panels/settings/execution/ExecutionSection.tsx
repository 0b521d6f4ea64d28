import type { TradingConfigState } from '../../../../shared/ipc/services/trading-config';
import type { BrokerKind } from '../../../../shared/trading/trading-config';
import type { PatchEntry } from '../form/config-paths';
import { keyOf } from '../form/config-paths';
import { FieldProblems } from '../form/FieldProblems';
import { numberRowsPatch, readNumberRows, type NumberRowsDraft } from '../form/number-rows';
import { NumberRow } from '../form/NumberRow';
import { problemsUnder } from '../form/save-outcome';
import { SaveBar } from '../form/SaveBar';
import { Toggle } from '../form/Toggle';
import { useConfigDraft, type DraftSpec } from '../form/useConfigDraft';
import { ENDPOINT_ROWS } from './endpoint-rows';

interface ExecutionDraft {
  readonly broker: BrokerKind;
  readonly endpointOn: boolean;
  readonly endpoint: NumberRowsDraft;
}

const BROKER: PatchEntry[0] = ['execution', 'broker'];
const ENDPOINT_ON: PatchEntry[0] = ['execution', 'signalEndpoint', 'enabled'];

const EXECUTION_FORM: DraftSpec<ExecutionDraft> = {
  read: (config) => ({ broker: config.execution.broker, endpointOn: config.execution.signalEndpoint.enabled, endpoint: readNumberRows(ENDPOINT_ROWS, config) }),
  toPatch: (draft, config) => {
    const { entries, problems } = numberRowsPatch(ENDPOINT_ROWS, draft.endpoint, config);
    if (draft.broker !== config.execution.broker) entries.push([BROKER, draft.broker]);
    if (draft.endpointOn !== config.execution.signalEndpoint.enabled) entries.push([ENDPOINT_ON, draft.endpointOn]);
    return { entries, problems };
  },
};

const FIELD_KEYS = [keyOf(BROKER), keyOf(ENDPOINT_ON), ...ENDPOINT_ROWS.map((row) => keyOf(row.offPath))];

const BROKERS: ReadonlyArray<{ value: BrokerKind; label: string; help: string }> = [
  { value: 'paper', label: 'Paper (simulated)', help: 'Sextant’s own simulated broker, the backtester’s fill model. No account needed.' },
  { value: 'alpaca', label: 'Alpaca', help: 'Your Alpaca account: the paper account in PAPER mode, the live account in LIVE mode.' },
];

/** Where orders go and the local signal endpoint. The mode itself is switched under Mode, never here. */
export function ExecutionSection({ state }: { state: TradingConfigState }) {
  const form = useConfigDraft(state, EXECUTION_FORM);
  const { draft } = form;
  return (
    <section className="settings-section" data-testid="execution-settings" aria-label="Execution">
      <div className="setting-row">
        <div className="setting-label">
          <span>Broker</span>
          <span className="setting-help">Where orders are sent. Default: paper.</span>
        </div>
        <div className="setting-control broker-choice" role="radiogroup" aria-label="Broker">
          {BROKERS.map((broker) => (
            <label key={broker.value} className={draft.broker === broker.value ? 'choice selected' : 'choice'} title={broker.help}>
              <input type="radio" name="broker" value={broker.value} data-testid={`broker-${broker.value}`} checked={draft.broker === broker.value} onChange={() => form.setDraft((d) => ({ ...d, broker: broker.value }))} />
              <span className="choice-label">{broker.label}</span>
              <span className="choice-help">{broker.help}</span>
            </label>
          ))}
        </div>
        <FieldProblems field={keyOf(BROKER)} messages={problemsUnder(form.problems, keyOf(BROKER))} />
      </div>
      <h3 className="subsection">Signal endpoint</h3>
      <div className="setting-row">
        <div className="setting-label">
          <span>Local endpoint</span>
          <span className="setting-help">HTTP POST /v1/signals and a WebSocket, on 127.0.0.1, token required. Default: off.</span>
        </div>
        <div className="setting-control">
          <Toggle label="Signal endpoint: on or off" checked={draft.endpointOn} testId="toggle-endpoint" onChange={(on) => form.setDraft((d) => ({ ...d, endpointOn: on }))} />
        </div>
        <FieldProblems field={keyOf(ENDPOINT_ON)} messages={problemsUnder(form.problems, keyOf(ENDPOINT_ON))} />
      </div>
      <div className="setting-rows">
        {ENDPOINT_ROWS.map((row) => (
          <NumberRow key={row.id} row={row} draft={draft.endpoint} problems={form.problems} onChange={(endpoint) => form.setDraft((d) => ({ ...d, endpoint }))} />
        ))}
      </div>
      <p className="section-note">
        Execution mode in trading.yaml: <code>{state.config.execution.mode}</code>. Switch between paper and live under <strong>Mode</strong>.
      </p>
      <SaveBar form={form} testId="execution" fieldKeys={FIELD_KEYS} />
    </section>
  );
}
