import { useEffect, useMemo, useRef, useState } from 'react';
import type { BacktestSpec, ExperimentKind, ExperimentSummary, RunStarted } from '../../../shared/ipc/services/backtest';
import { useIpc } from '../../ipc/context';
import { useExperiment, useExperimentsSync, useStrategies } from '../../queries/backtest';
import { useDatasets } from '../../queries/datasets';
import type { PanelProps } from '../registry';
import { ComparisonView } from './compare/ComparisonView';
import { ExperimentList } from './compare/ExperimentList';
import { isActive } from './jobs/job-state';
import { JobBar } from './jobs/JobBar';
import { useLabJob } from './jobs/useLabJob';
import { buildMonteCarloSpec, DEFAULT_MONTE_CARLO, type MonteCarloDraft } from './montecarlo/monte-carlo-spec';
import { MonteCarloTab } from './montecarlo/MonteCarloTab';
import { buildOptimizationSpec, EMPTY_OPTIMIZE, type OptimizeDraft } from './optimize/optimize-spec';
import { OptimizeTab } from './optimize/OptimizeTab';
import { draftFromValues } from './params/param-form';
import { RunResults } from './results/RunResults';
import { buildBacktestSpec, EMPTY_SETUP, runLabel, type LabSetupDraft } from './setup/lab-setup';
import { SetupForm } from './setup/SetupForm';
import { buildWalkForwardSpec, DEFAULT_WALK_FORWARD, type WalkForwardDraft } from './walkforward/walk-forward-spec';
import { WalkForwardTab } from './walkforward/WalkForwardTab';

type LabTab = 'backtest' | 'optimize' | 'walkforward' | 'montecarlo' | 'compare';
const TABS: { id: LabTab; label: string }[] = [
  { id: 'backtest', label: 'Backtest' },
  { id: 'optimize', label: 'Optimise' },
  { id: 'walkforward', label: 'Walk-forward' },
  { id: 'montecarlo', label: 'Monte Carlo' },
  { id: 'compare', label: 'Compare runs' },
];
const ATTACH_KINDS: readonly ExperimentKind[] = ['backtest', 'optimization', 'walkforward', 'montecarlo'];
/** Where a finished run of each kind opens: its tab and the panel setting that holds its id. */
const RESULT_OF: Record<ExperimentKind, { tab: LabTab; setting: string }> = {
  backtest: { tab: 'backtest', setting: 'experimentId' },
  optimization: { tab: 'optimize', setting: 'optimizationId' },
  walkforward: { tab: 'walkforward', setting: 'walkForwardId' },
  montecarlo: { tab: 'montecarlo', setting: 'monteCarloId' },
};

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
 * and cancel, read its results; search two parameters and read the heatmap; walk forward; resample
 * a run (Monte Carlo); compare stored runs.
 */
export function StrategyLabPanel({ panel, updateSettings }: PanelProps) {
  const client = useIpc();
  useExperimentsSync();
  const strategies = useStrategies();
  const datasets = useDatasets();
  const { job, start, cancel, reset } = useLabJob(ATTACH_KINDS);
  const [setup, setSetup] = useState<LabSetupDraft>(EMPTY_SETUP);
  const [optimize, setOptimize] = useState<OptimizeDraft>(EMPTY_OPTIMIZE);
  const [walkForward, setWalkForward] = useState<WalkForwardDraft>(DEFAULT_WALK_FORWARD);
  const [monteCarlo, setMonteCarlo] = useState<MonteCarloDraft>(DEFAULT_MONTE_CARLO);
  const [showProblems, setShowProblems] = useState(false);

  const tab: LabTab = TABS.some((t) => t.id === panel.settings.tab) ? (panel.settings.tab as LabTab) : 'backtest';
  const ids = {
    backtest: numberSetting(panel.settings.experimentId),
    optimization: numberSetting(panel.settings.optimizationId),
    walkforward: numberSetting(panel.settings.walkForwardId),
    montecarlo: numberSetting(panel.settings.monteCarloId),
  };
  const compareIds = Array.isArray(panel.settings.compareIds) ? panel.settings.compareIds.filter((v): v is number => numberSetting(v) !== null) : [];

  // A first dataset to start from: full OHLCV data (trades show on candles) before files of closes.
  useEffect(() => {
    if (setup.datasets[0] !== null || !datasets.data?.length) return;
    const first = datasets.data.find((d) => !d.closesOnly) ?? datasets.data[0]!;
    setSetup((s) => ({ ...s, datasets: [first.dataset, s.datasets[1] ?? null] }));
  }, [datasets.data, setup.datasets]);

  const info = strategies.data?.find((s) => s.name === setup.strategy);
  // The data's length, for counting walk-forward windows (unknown when a period narrows it).
  const bars = setup.from.trim() === '' && setup.to.trim() === '' ? (datasets.data?.find((d) => d.dataset === setup.datasets[0])?.rows ?? null) : null;
  const parsedBacktest = useMemo(() => buildBacktestSpec(setup, info), [setup, info]);
  const parsedOptimization = useMemo(() => buildOptimizationSpec(setup, info, optimize), [setup, info, optimize]);
  const parsedWalkForward = useMemo(() => buildWalkForwardSpec(setup, info, optimize, walkForward, bars), [setup, info, optimize, walkForward, bars]);
  const parsedMonteCarlo = useMemo(() => buildMonteCarloSpec(monteCarlo, ids.backtest), [monteCarlo, ids.backtest]);
  const busy = isActive(job);
  const symbolsOf = (list: readonly number[]) => list.map((id) => datasets.data?.find((d) => d.dataset === id)?.symbol ?? `#${id}`);

  // A finished run opens where it belongs.
  const handled = useRef<string | null>(null);
  useEffect(() => {
    if (job.status !== 'completed' || job.experimentId === null || job.kind === null || handled.current === job.runId) return;
    handled.current = job.runId;
    const { tab: target, setting } = RESULT_OF[job.kind];
    updateSettings({ [setting]: job.experimentId, tab: target });
  }, [job, updateSettings]);

  const run = (kind: ExperimentKind, spec: object | null, label: string, send: () => Promise<RunStarted>) => {
    setShowProblems(true);
    if (!spec) return;
    void start(kind, label, send);
  };
  const label = (spec: { strategy: string; datasets: readonly number[] }) => runLabel(spec.strategy, symbolsOf(spec.datasets));
  const runBacktest = (spec: BacktestSpec | null) => run('backtest', spec, spec ? label(spec) : '', () => client.invoke('backtest.run', spec!));
  const onRunCell = (spec: BacktestSpec, params: Record<string, unknown>) => {
    const cellInfo = strategies.data?.find((s) => s.name === spec.strategy);
    if (cellInfo) setSetup((s) => ({ ...s, strategy: cellInfo.name, params: { ...s.params, [cellInfo.name]: draftFromValues(cellInfo.params, params) } }));
    updateSettings({ tab: 'backtest' });
    runBacktest(spec);
  };
  const openExperiment = (e: Pick<ExperimentSummary, 'id' | 'kind'>) => {
    const { tab: target, setting } = RESULT_OF[e.kind];
    updateSettings({ [setting]: e.id, tab: target });
  };

  const mainView = () => {
    switch (tab) {
      case 'optimize': {
        const spec = parsedOptimization.spec;
        return (
          <OptimizeTab
            info={info}
            draft={optimize}
            parsed={parsedOptimization}
            showProblems={showProblems}
            onChange={setOptimize}
            onRun={() => run('optimization', spec, spec ? `${label(spec)}: ${parsedOptimization.sets.toLocaleString('en-US')} sets` : '', () => client.invoke('backtest.optimize', spec!))}
            job={job}
            busy={busy}
            resultId={ids.optimization}
            onOpenBacktest={(id) => openExperiment({ id, kind: 'backtest' })}
            onRunCell={onRunCell}
          />
        );
      }
      case 'walkforward': {
        const spec = parsedWalkForward.spec;
        return (
          <WalkForwardTab
            info={info}
            search={optimize}
            parsedSearch={parsedOptimization}
            onSearchChange={setOptimize}
            draft={walkForward}
            parsed={parsedWalkForward}
            onChange={setWalkForward}
            showProblems={showProblems}
            onRun={() => run('walkforward', spec, spec ? `${label(spec)}: walk-forward` : '', () => client.invoke('backtest.walkForward', spec!))}
            job={job}
            busy={busy}
            resultId={ids.walkforward}
          />
        );
      }
      default:
        return <BacktestView id={ids.backtest} />;
    }
  };

  let body;
  if (strategies.error) body = <div className="panel-error">Could not load the strategies: {(strategies.error as Error).message}. Is the backtest service running? Reconnect or restart Sextant.</div>;
  else if (!strategies.data || !datasets.data) body = <div className="panel-empty">Loading strategies and datasets…</div>;
  else if (tab === 'compare')
    body = (
      <div className="lab-compare">
        <ExperimentList selected={compareIds} onSelectedChange={(list) => updateSettings({ compareIds: list })} onOpen={openExperiment} />
        <ComparisonView ids={compareIds} />
      </div>
    );
  else if (tab === 'montecarlo') {
    const spec = parsedMonteCarlo.spec;
    body = (
      <MonteCarloTab
        draft={monteCarlo}
        openRun={ids.backtest}
        problems={showProblems ? parsedMonteCarlo.problems : {}}
        onChange={setMonteCarlo}
        onRun={() => run('montecarlo', spec, spec && 'experimentId' in spec.source ? `Monte Carlo of run #${spec.source.experimentId}` : '', () => client.invoke('backtest.monteCarlo', spec!))}
        job={job}
        busy={busy}
        resultId={ids.montecarlo}
      />
    );
  } else {
    const searched = tab === 'backtest' ? [] : [parsedOptimization.axes.x, parsedOptimization.axes.y].filter((n): n is string => n !== null);
    const problems = tab === 'optimize' ? parsedOptimization.problems : tab === 'walkforward' ? parsedWalkForward.problems : parsedBacktest.problems;
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
              <button type="button" className="primary" data-testid="run-backtest" disabled={busy} onClick={() => runBacktest(parsedBacktest.spec)}>
                Run backtest
              </button>
            }
          />
        </aside>
        <div className="lab-main">{mainView()}</div>
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
