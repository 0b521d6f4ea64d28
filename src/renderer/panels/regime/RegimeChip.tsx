import type { CSSProperties } from 'react';
import type { RegimeName } from '../../../shared/domain/regime';
import { regimeColor, regimeTitle } from '../../format/regime';

/** A regime's colour swatch and name, as in the chart's band legend. */
export function RegimeChip({ regime, size = 'normal' }: { regime: RegimeName; size?: 'normal' | 'large' }) {
  return (
    <span className={`regime-chip regime-chip-${size}`} data-regime={regime} style={{ '--regime-color': regimeColor(regime) } as CSSProperties}>
      <i className="swatch" aria-hidden />
      {regimeTitle(regime)}
    </span>
  );
}
