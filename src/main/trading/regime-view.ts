/**
 * The regime a signal is sized under: the newest regime the filter bank stored for the symbol (over
 * its datasets), as the risk manager's sizing reads it. Undefined before the bank has run on it.
 */
import type { RegimeView } from '../../shared/domain/regime';
import type { RegimeCurrent } from '../../shared/ipc/services/regime';

export function latestRegime(currents: (symbol: string) => readonly RegimeCurrent[]): (symbol: string) => RegimeView | undefined {
  return (symbol) => {
    let newest: RegimeView | undefined;
    for (const current of currents(symbol)) if (!newest || current.t > newest.t) newest = { t: current.t, p: current.p, label: current.label };
    return newest;
  };
}
