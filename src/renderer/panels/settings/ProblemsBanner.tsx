import type { TradingConfigState } from '../../../shared/ipc/services/trading-config';

/** Says, above every section, that the file on disk has errors and the last good configuration runs. */
export function ProblemsBanner({ state, onShow }: { state: TradingConfigState; onShow: () => void }) {
  const count = state.problems.length;
  if (count === 0) return null;
  const first = state.problems[0]!;
  return (
    <div className="problems-banner" role="alert" data-testid="config-problems-banner">
      <strong>trading.yaml has {count === 1 ? 'a problem' : `${count} problems`}</strong>; the last good configuration stays in force. {first.text}
      {count > 1 && ' …'}{' '}
      <button type="button" className="link" onClick={onShow}>
        Show in the file
      </button>
    </div>
  );
}
