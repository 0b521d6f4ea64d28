import { useEffect, useMemo, useRef, useState } from 'react';
import type { BacktestSpec, ExperimentSummary } from '../../../shared/ipc/services/backtest';
import { useIpc } from '../../ipc/context';
import { useExperiment, useExperimentsSync, useStrategies } from '../../queries/backtest';
import { useDatasets } from '../../queries/datasets';
import type { PanelProps } from '../registry';
import { ComparisonView } from './compare/ComparisonView';
import { ExperimentList } from './compare/ExperimentList';
import { isActive } from './jobs/job-state';
import { JobBar } from './jobs/JobBar';
import { useLabJob } from './jobs/useLabJob';
import { OptimizationResult } from './optimize/OptimizationResult';
import { buildOptimizationSpec, EMPTY_OPTIMIZE, type OptimizeDraft } from './optimize/optimize-spec';
import { SearchForm } from './optimize/SearchForm';
import { paramsText } from './format/summary-format';
import { draftFromValues } from './params/param-form';
import { RunResults } from './results/RunResults';
import { buildBacktestSpec, EMPTY_SETUP, runLabel, type LabSetupDraft } from './setup/lab-setup';
import { SetupForm } from './setup/SetupForm';

type LabTab = 'backtest' | 'optimize' | 'compare';
const TABS: { id: LabTab; label: string }[] = [
  { id: 'backtest', label: 'Backtest' },
  { id: 'optimize', label: 'Optimise' },
  { id: 'compare', label: 'Compare runs' },
];
const ATTACH_KINDS = ['backtest', 'optimization'] as const;

function numberSetting(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

function BacktestView({ id }: { id: number | null }) {
  const run = useExperiment(id);
  if (id === null) return <div className="panel-empty lab-empty">Set up a run on the left and press “Run backtest”. Results show here: the trades on the price chart, equity and drawdown, every metric, and the trades.</div>;
  if (run.error) return <div className="panel-error">Could not load run #{id}: {(run.error as Error).message}</div>;
  if (!run.data) return <div className="panel-empty">Loading run #{id}…</div>;
  return <RunResults run={run.data} />;
}

/**
 * The strategy lab: set up a backtest (data, strategy, parameters, costs), run it with progress
 * and cancel, read its results; search two parameters and read the heatmap; compare stored runs.
 */
export function StrategyLabPanel({ panel, updateSettings }: PanelProps) {
  const client = useIpc();
  useExperimentsSync();
  const strategies = useStrategies();
  const datasets = useDatasets();
  const { job, start, cancel, reset } = useLabJob(ATTACH_KINDS);
  const [setup, setSetup] = useState<LabSetupDraft>(EMPTY_SETUP);
  const [optimize, setOptimize] = useState<OptimizeDraft>(EMPTY_OPTIMIZE);
  const [showProblems, setShowProblems] = useState(false);

  const tab: LabTab = panel.settings.tab === 'optimize' || panel.settings.tab === 'compare' ? panel.settings.tab : 'backtest';
  const backtestId = numberSetting(panel.settings.experimentId);
  const optimizationId = numberSetting(panel.settings.optimizationId);
  const compareIds = Array.isArray(panel.settings.compareIds) ? panel.settings.compareIds.filter((v): v is number => numberSetting(v) !== null) : [];

  // A first dataset to start from: full OHLCV data (trades show on candles) before files of closes.
  useEffect(() => {
    if (setup.datasets[0] !== null || !datasets.data?.length) return;
    const first = datasets.data.find((d) => !d.closesOnly) ?? datasets.data[0]!;
    setSetup((s) => ({ ...s, datasets: [first.dataset, s.datasets[1] ?? null] }));
  }, [datasets.data, setup.datasets]);

  const info = strategies.data?.find((s) => s.name === setup.strategy);
  const parsedBacktest = useMemo(() => buildBacktestSpec(setup, info), [setup, info]);
  const parsedOptimization = useMemo(() => buildOptimizationSpec(setup, info, optimize), [setup, info, optimize]);
  const busy = isActive(job);
  const symbolsOf = (ids: readonly number[]) => ids.map((id) => datasets.data?.find((d) => d.dataset === id)?.symbol ?? `#${id}`);

  // A finished run opens where it belongs.
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (job.status !== 'completed' || job.experimentId === null || handled.current === job.runId) return;
    handled.current = job.runId;
    if (job.kind === 'backtest') updateSettings({ experimentId: job.experimentId, tab: 'backtest' });
    if (job.kind === 'optimization') updateSettings({ optimizationId: job.experimentId, tab: 'optimize' });
  }, [job, updateSettings]);

  const runBacktest = (spec: BacktestSpec) => {
    void start('backtest', runLabel(spec.strategy, symbolsOf(spec.datasets)), () => client.invoke('backtest.run', spec));
  };
  const onRunBacktest = () => {
    setShowProblems(true);
    if (parsedBacktest.spec) runBacktest(parsedBacktest.spec);
  };
  const onRunOptimization = () => {
    setShowProblems(true);
    const spec = parsedOptimization.spec;
    if (!spec) return;
    void start('optimization', `${runLabel(spec.strategy, symbolsOf(spec.datasets))}: ${parsedOptimization.sets.toLocaleString('en-US')} sets`, () => client.invoke('backtest.optimize', spec));
  };
  const onRunCell = (spec: BacktestSpec, params: Record<string, unknown>) => {
    const cellInfo = strategies.data?.find((s) => s.name === spec.strategy);
    if (cellInfo) setSetup((s) => ({ ...s, strategy: cellInfo.name, params: { ...s.params, [cellInfo.name]: draftFromValues(cellInfo.params, params) } }));
    updateSettings({ tab: 'backtest' });
    runBacktest(spec);
  };
  const openExperiment = (e: Pick<ExperimentSummary, 'id' | 'kind'>) => {
    if (e.kind === 'optimization') updateSettings({ optimizationId: e.id, tab: 'optimize' });
    else updateSettings({ experimentId: e.id, tab: 'backtest' });
  };

  let body;
  if (strategies.error) body = <div className="panel-error">Could not load the strategies: {(strategies.error as Error).message}. Is the backtest service running? Reconnect or restart Sextant.</div>;
  else if (!strategies.data || !datasets.data) body = <div className="panel-empty">Loading strategies and datasets…</div>;
  else if (tab === 'compare')
    body = (
      <div className="lab-compare">
        <ExperimentList selected={compareIds} onSelectedChange={(ids) => updateSettings({ compareIds: ids })} onOpen={openExperiment} />
        <ComparisonView ids={compareIds} />
      </div>
    );
  else {
    const searched = tab === 'optimize' ? [parsedOptimization.axes.x, parsedOptimization.axes.y].filter((n): n is string => n !== null) : [];
    const problems = tab === 'optimize' ? parsedOptimization.problems : parsedBacktest.problems;
    body = (
      <div className="lab-body">
        <aside className="lab-side">
          <SetupForm
            setup={setup}
            strategies={strategies.data}
            datasets={datasets.data}
            problems={problems}
            showProblems={showProblems}
            onChange={setSetup}
            disabled={busy}
            searched={searched}
            actions={
              <button type="button" className="primary" data-testid="run-backtest" disabled={busy} onClick={onRunBacktest}>
                Run backtest
              </button>
            }
          />
        </aside>
        <div className="lab-main">
          {tab === 'backtest' ? (
            <BacktestView id={backtestId} />
          ) : (
            <div className="lab-optimize">
              <SearchForm info={info} draft={optimize} parsed={parsedOptimization} showProblems={showProblems} onChange={setOptimize} disabled={busy} onRun={onRunOptimization} />
              {busy && job.kind === 'optimization' ? (
                <div className="panel-empty lab-empty" data-testid="optimization-running">
                  Backtesting {job.total > 0 ? job.total.toLocaleString('en-US') : 'the'} parameter sets… the map of scores appears here when they are done
                  {job.best ? ` (best so far: ${paramsText(job.best.params)} → ${job.best.score.toFixed(2)})` : ''}.
                </div>
              ) : optimizationId !== null ? (
                <OptimizationResult id={optimizationId} busy={busy} onOpenExperiment={(id) => openExperiment({ id, kind: 'backtest' })} onRunBacktest={onRunCell} />
              ) : (
                <div className="panel-empty lab-empty">Choose two parameters and their ranges, then “Run optimisation”: every combination is backtested and scored, and the map of scores shows here.</div>
              )}
            </div>
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="strategy-lab" data-testid="strategy-lab" data-tab={tab}>
      <nav className="lab-tabs" role="tablist" aria-label="Strategy lab">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'selected' : undefined} data-testid={`lab-tab-${t.id}`} onClick={() => updateSettings({ tab: t.id })}>
            {t.label}
          </button>
        ))}
      </nav>
      <JobBar job={job} onCancel={cancel} onDismiss={reset} />
      {body}
    </div>
  );
}
