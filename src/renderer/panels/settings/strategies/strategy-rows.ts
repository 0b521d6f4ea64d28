import { DEFAULT_STRATEGY_SETTINGS } from '../../../../shared/trading/trading-config';
import { numberRow, type NumberRowSpec } from '../form/number-rows';

/** The numbers of one strategy's section of trading.yaml. */
export function strategyRows(id: string): NumberRowSpec[] {
  const at = (key: string) => ['strategies', id, key] as const;
  return [
    numberRow({
      id: 'confidenceThreshold',
      label: 'Confidence threshold',
      help: 'Signals below it are recorded and skipped.',
      nullable: false,
      path: at('confidenceThreshold'),
      unit: '0 to 1',
      defaultValue: DEFAULT_STRATEGY_SETTINGS.confidenceThreshold,
    }),
    numberRow({ id: 'maxPositionPct', label: 'Own position cap', help: 'Under the risk limit; off: the risk limit alone.', nullable: true, offByDefault: true, path: at('maxPositionPct'), unit: '% of equity', defaultValue: 5 }),
    numberRow({ id: 'maxPositionQty', label: 'Own quantity cap', help: 'In shares or contracts; off: none.', nullable: true, offByDefault: true, path: at('maxPositionQty'), unit: 'units', defaultValue: 100 }),
  ];
}
