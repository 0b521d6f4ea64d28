import type { ExperimentDetail } from '../../../../shared/ipc/services/backtest';
import { formatBarLabel } from '../../../charts/format';
import { formatLocalDateTime } from '../../../format/local-time';
import { formatSignedMoney } from '../format/metric-format';
import { formatSummaryValue, paramsText, summaryTone } from '../format/summary-format';

const HEADLINE = ['totalReturn', 'cagr', 'sharpe', 'maxDrawdown', 'tradeCount', 'winRate', 'finalEquity'] as const;
const HEADLINE_LABEL: Record<(typeof HEADLINE)[number], string> = {
  totalReturn: 'Return',
  cagr: 'CAGR',
  sharpe: 'Sharpe',
  maxDrawdown: 'Max DD',
  tradeCount: 'Trades',
  winRate: 'Win rate',
  finalEquity: 'Final equity',
};

/** What was run (strategy, parameters, data, costs) and its headline figures. */
export function RunHeader({ run, title }: { run: ExperimentDetail; title?: string }) {
  const data = run.data[0];
  // The span the run traded: its curve's (a walk-forward tests only after its first window).
  const first = run.equity?.t[0] ?? data?.firstT ?? null;
  const last = run.equity?.t[run.equity.t.length - 1] ?? data?.lastT ?? null;
  const period = data && first !== null && last !== null ? `${formatBarLabel(first, data.timeKind, data.tz)} → ${formatBarLabel(last, data.timeKind, data.tz)}` : '';
  const params = run.kind === 'walkforward' ? 'parameters re-chosen in each window' : paramsText(run.params);
  const fill = run.fillModel as { marketFill?: string };
  return (
    <div className="run-header" data-testid="run-header" data-experiment={run.id}>
      <div className="run-title">
        <h3>
          {title ?? run.name ?? run.strategy} <span className="muted">#{run.id}</span>
        </h3>
        <span className="run-facts">
          <code>{run.strategy}</code> {params} · {run.symbols.join('/')} {run.timeframe} · {period} · {run.bars.toLocaleString('en-US')} bars · sizing {run.sizing}
          {fill.marketFill ? ` · fills at ${fill.marketFill === 'close' ? 'the signal bar’s close' : 'the next open'}` : ''}
        </span>
        <span className="run-facts muted">
          run {formatLocalDateTime(run.createdAt)} in {(run.durationMs / 1000).toFixed(2)} s
          {run.tags.length > 0 && ` · ${run.tags.map((t) => `#${t}`).join(' ')}`}
        </span>
      </div>
      {run.summary && (
        <dl className="headline" data-testid="run-headline">
          {HEADLINE.map((key) => (
            <div key={key}>
              <dt>{HEADLINE_LABEL[key]}</dt>
              <dd className={summaryTone(key, run.summary![key]) ?? ''}>{formatSummaryValue(key, run.summary![key])}</dd>
            </div>
          ))}
        </dl>
      )}
      {run.openPositions.length > 0 && (
        <div className="run-open">
          Still open at the end (valued at the last close):{' '}
          {run.openPositions.map((p) => (
            <span key={p.symbol}>
              {p.symbol} {p.qty.toLocaleString('en-US')} @ {p.entryPrice.toFixed(2)} ({formatSignedMoney(p.unrealizedPnl)})
            </span>
          ))}
        </div>
      )}
      {run.runNotes.length > 0 && (
        <ul className="run-notes" data-testid="run-notes">
          {run.runNotes.slice(0, 5).map((note, i) => (
            <li key={i}>{note}</li>
          ))}
          {run.runNotes.length > 5 && <li className="muted">…and {run.runNotes.length - 5} more notes</li>}
        </ul>
      )}
    </div>
  );
}
