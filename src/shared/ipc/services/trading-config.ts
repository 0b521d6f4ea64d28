import { z } from 'zod';
import { ExecutionMode, TradingConfigSchema } from '../../trading/trading-config';
import { event, request } from '../define';

/** Who changed the trading configuration: an edit of the file, the UI, the CLI, or Sextant itself. */
export const ConfigActor = z.enum(['file', 'ui', 'cli', 'system']);
export type ConfigActor = z.infer<typeof ConfigActor>;

export const ConfigProblemShape = z.object({ line: z.number().nullable(), key: z.string(), message: z.string(), text: z.string() });

/** Where trading stands: the mode in force, the mode the file asks for, a pending confirmation. */
export const LiveModeView = z.object({
  effective: ExecutionMode,
  requested: ExecutionMode,
  /** When live trading began (null in paper). */
  since: z.number().nullable(),
  /** A switch to live waiting for its confirmation until this time. */
  confirmationExpiresAt: z.number().nullable(),
});
export type LiveModeView = z.infer<typeof LiveModeView>;

export const TradingConfigState = z.object({
  file: z.string(),
  /** The file as it is on disk now (it may hold an edit that was refused). */
  raw: z.string(),
  /** Hash of `raw`: send it back with an update to refuse it if the file changed meanwhile. */
  hash: z.string(),
  /** The configuration in force (the last good one). */
  config: TradingConfigSchema,
  /** What is wrong with the file on disk; empty when the file is what is in force. */
  problems: z.array(ConfigProblemShape),
  mode: LiveModeView,
});
export type TradingConfigState = z.infer<typeof TradingConfigState>;

export const ConfigChangeShape = z.object({ path: z.string(), before: z.unknown(), after: z.unknown() });

export const ConfigChangeEvent = z.object({
  at: z.number(),
  actor: ConfigActor,
  changes: z.array(ConfigChangeShape),
});
export type ConfigChangeEvent = z.infer<typeof ConfigChangeEvent>;

export const ConfigChangeRecord = z.object({
  id: z.number(),
  batch: z.number(),
  at: z.number(),
  actor: ConfigActor,
  path: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});
export type ConfigChangeRecord = z.infer<typeof ConfigChangeRecord>;

export const ConfigProblemEvent = z.object({ at: z.number(), file: z.string(), problems: z.array(ConfigProblemShape) });

export const tradingConfigRequests = {
  'trading.config.get': request(z.object({}).strict(), TradingConfigState),
  /**
   * `patch`: nested keys to set, e.g. `{risk: {maxPositionPct: 8}}`; `{strategies: {id: null}}`
   * removes a strategy. Validated before anything is written; comments in the file are kept.
   * Refused with `conflict` when `baseHash` is given and the file changed since.
   */
  'trading.config.update': request(z.object({ patch: z.record(z.string(), z.unknown()), baseHash: z.string().optional() }).strict(), TradingConfigState),
  'trading.config.changes': request(
    z.object({ limit: z.number().int().min(1).max(1000).default(100), beforeId: z.number().int().optional(), path: z.string().max(256).optional() }).strict(),
    z.array(ConfigChangeRecord),
  ),
  /**
   * Step one of going live: needs live keys; answers the phrase to type and when it expires
   * (`expiresInMs` lets a window whose clock differs from main's count down correctly).
   */
  'trading.mode.requestLive': request(z.object({}).strict(), z.object({ challengeId: z.string(), phrase: z.string(), expiresAt: z.number(), expiresInMs: z.number() })),
  /** Step two: the challenge of step one and the phrase as typed. */
  'trading.mode.confirmLive': request(z.object({ challengeId: z.string().min(1).max(200), phrase: z.string().max(200) }).strict(), LiveModeView),
  /** Back to paper, at once, no confirmation. */
  'trading.mode.leaveLive': request(z.object({}).strict(), LiveModeView),
};

export const tradingConfigEvents = {
  'trading.config.changed': event(ConfigChangeEvent),
  /** The file on disk has errors (its problems) or is good again (no problems). */
  'trading.config.problems': event(ConfigProblemEvent, { keep: 'latest', key: () => 'file' }),
  'trading.mode.changed': event(LiveModeView, { keep: 'latest', key: () => 'mode' }),
};
