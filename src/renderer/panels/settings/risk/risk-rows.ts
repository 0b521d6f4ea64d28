import { DEFAULT_RISK_LIMITS } from '../../../../shared/risk/risk-limits';
import { numberRow, type NumberRowSpec } from '../form/number-rows';

const limits = DEFAULT_RISK_LIMITS;

/** The risk limits of trading.yaml as form rows, with the units and defaults of the file's own comments. */
export const RISK_ROWS: readonly NumberRowSpec[] = [
  numberRow({
    id: 'maxPositionPct',
    label: 'Max position size',
    help: 'Largest position, valued at the order’s price.',
    nullable: true,
    path: ['risk', 'maxPositionPct'],
    unit: '% of equity',
    defaultValue: limits.maxPositionPct ?? 10,
  }),
  numberRow({
    id: 'maxPortfolioRiskPct',
    label: 'Max portfolio risk',
    help: 'Sum over positions of the loss to their stops.',
    nullable: true,
    path: ['risk', 'maxPortfolioRiskPct'],
    unit: '% of equity',
    defaultValue: limits.maxPortfolioRiskPct ?? 5,
  }),
  numberRow({
    id: 'maxDailyLossPct',
    label: 'Max daily loss',
    help: 'A loss this large since the session start halts trading (reducing orders only).',
    nullable: true,
    path: ['risk', 'maxDailyLossPct'],
    unit: '% of starting equity',
    defaultValue: limits.maxDailyLossPct ?? 3,
  }),
  numberRow({
    id: 'maxCorrelation',
    label: 'Max correlation',
    help: 'Of a new symbol’s daily returns with any open position’s (−1 to 1).',
    nullable: true,
    path: ['risk', 'maxCorrelation'],
    unit: 'ρ',
    defaultValue: limits.maxCorrelation ?? 0.7,
  }),
  numberRow({
    id: 'fatFingerPct',
    label: 'Fat-finger band',
    help: 'A limit price further than this from the last price is refused as a typing error.',
    nullable: true,
    path: ['risk', 'fatFingerPct'],
    unit: '% from last',
    defaultValue: limits.fatFingerPct ?? 5,
  }),
  {
    id: 'orderRate',
    label: 'Order rate',
    help: 'At most this many new orders within the window.',
    nullable: true,
    offPath: ['risk', 'orderRate'],
    inputs: [
      { path: ['risk', 'orderRate', 'maxOrders'], unit: 'orders', defaultValue: limits.orderRate?.maxOrders ?? 30 },
      { path: ['risk', 'orderRate', 'windowMs'], unit: 'ms', label: 'per', defaultValue: limits.orderRate?.windowMs ?? 60_000 },
    ],
  },
  numberRow({
    id: 'defaultStopPct',
    label: 'Default stop distance',
    help: 'Assumed for a position or signal without a stop-loss (always on).',
    nullable: false,
    path: ['risk', 'defaultStopPct'],
    unit: '%',
    defaultValue: limits.defaultStopPct,
  }),
];
