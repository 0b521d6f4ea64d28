import { formatLocalDateTime, formatLocalTime } from '../../../format/local-time';
import { useConfigChanges } from '../../../queries/trading-config';
import { formatChangeValue } from './format-change-value';

const ACTOR_LABEL = { file: 'file edit', ui: 'app', cli: 'CLI', system: 'Sextant' } as const;

/** Every change of the trading configuration, key by key: when, by whom, from what to what. */
export function ChangeHistorySection() {
  const changes = useConfigChanges();
  if (changes.isLoading) return <div className="panel-empty">Loading the change history…</div>;
  if (changes.error) return <div className="panel-error">Could not load the change history: {changes.error.message}</div>;
  const rows = changes.data?.pages.flat() ?? [];
  return (
    <section className="settings-section" data-testid="change-history" aria-label="Change history">
      {rows.length === 0 ? (
        <p className="muted">No changes yet. Every change from the app, the CLI or an edit of trading.yaml is recorded here.</p>
      ) : (
        <table className="data-table history-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Key</th>
              <th>Before → after</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((change) => (
              <tr key={change.id} data-testid="change-row" data-key={change.path}>
                <td title={formatLocalDateTime(change.at)}>{formatLocalTime(change.at)}</td>
                <td>
                  <span className={`actor actor-${change.actor}`}>{ACTOR_LABEL[change.actor]}</span>
                </td>
                <td>
                  <code>{change.path}</code>
                </td>
                <td className="change-values">
                  <span className="before">{formatChangeValue(change.before)}</span>
                  <span className="arrow" aria-hidden>
                    →
                  </span>
                  <span className={change.path === 'mode.effective' && change.after === 'live' ? 'after live' : 'after'}>{formatChangeValue(change.after)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {changes.hasNextPage && (
        <button type="button" className="load-more" disabled={changes.isFetchingNextPage} onClick={() => void changes.fetchNextPage()}>
          {changes.isFetchingNextPage ? 'Loading…' : 'Older changes'}
        </button>
      )}
    </section>
  );
}
