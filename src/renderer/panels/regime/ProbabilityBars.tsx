import type { CSSProperties } from 'react';
import { REGIMES, type RegimeName } from '../../../shared/domain/regime';
import { formatProbability, regimeColor, regimeTitle } from '../../format/regime';

/** The six probabilities as horizontal gauges with their numbers; the label's row is marked. */
export function ProbabilityBars({ p, label, mostLikely }: { p: readonly number[]; label: RegimeName; mostLikely: RegimeName }) {
  return (
    <ul className="regime-probabilities" aria-label="Regime probabilities">
      {REGIMES.map((name, k) => {
        const value = p[k] ?? 0;
        const classes = ['regime-probability', name === label ? 'is-label' : '', name === mostLikely && name !== label ? 'is-leader' : ''].filter(Boolean).join(' ');
        return (
          <li
            key={name}
            className={classes}
            data-testid={`regime-prob-${name}`}
            data-p={value}
            style={{ '--regime-color': regimeColor(name) } as CSSProperties}
            title={`${regimeTitle(name)}: ${(value * 100).toFixed(3)}%`}
          >
            <span className="regime-probability-name">
              <i className="swatch" aria-hidden />
              {regimeTitle(name)}
            </span>
            <span className="regime-probability-track" role="meter" aria-valuemin={0} aria-valuemax={1} aria-valuenow={value} aria-label={regimeTitle(name)}>
              <span className="regime-probability-fill" style={{ width: `${Math.min(100, Math.max(0, value * 100))}%` }} />
            </span>
            <span className="regime-probability-value">{formatProbability(value)}</span>
          </li>
        );
      })}
    </ul>
  );
}
