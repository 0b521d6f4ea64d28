import { formatKeyPath, valueAt } from '../../../../shared/validation/field-problems';
import type { TradingConfig } from '../../../../shared/trading/trading-config';

/** A key of trading.yaml as a list of parts: `['risk', 'maxPositionPct']`. */
export type ConfigPath = readonly string[];

/** One key to set in a patch of trading.yaml. */
export type PatchEntry = readonly [ConfigPath, unknown];

/** The key as main names it in problems and in the change history: `risk.orderRate.maxOrders`. */
export function keyOf(path: ConfigPath): string {
  return formatKeyPath(path);
}

export function configValue(config: TradingConfig, path: ConfigPath): unknown {
  return valueAt(config, path);
}

/** The nested patch `trading.config.update` takes, from the keys to set. */
export function patchOf(entries: readonly PatchEntry[]): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  for (const [path, value] of entries) {
    let node = patch;
    path.forEach((part, index) => {
      if (index === path.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      if (next === null || typeof next !== 'object') node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
  }
  return patch;
}
