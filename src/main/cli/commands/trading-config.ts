import path from 'node:path';
import { parse as parseYamlValue } from 'yaml';
import { InputError } from '../../../shared/errors';
import { readTradingConfig, TRADING_CONFIG_FILE, type ConfigPatch } from '../../../shared/trading/trading-config-yaml';
import { readTextIfExists } from '../../trading/config/text-file';
import { TradingConfigError, TradingConfigService } from '../../trading/config/trading-config-service';
import { numberOption } from '../args';
import { EXIT_BAD_INPUT, EXIT_OK, type CliCommand, type CliContext } from '../command';

/** `risk.orderRate.maxOrders` or `strategies["my.strategy"].enabled` → its segments. */
export function parseKeyPath(text: string): string[] {
  const segments: string[] = [];
  const pattern = /\s*(?:\["((?:[^"\\]|\\.)*)"\]|\.?([A-Za-z0-9_:-]+))/gy;
  let match: RegExpExecArray | null;
  let at = 0;
  while (at < text.length && (match = pattern.exec(text)) !== null) {
    segments.push(match[1] !== undefined ? (JSON.parse(`"${match[1]}"`) as string) : match[2]!);
    at = pattern.lastIndex;
  }
  if (at !== text.length || segments.length === 0) throw new InputError(`"${text}" is not a key path such as risk.maxPositionPct or strategies["my.id"].enabled`);
  return segments;
}

/** `KEY=VALUE` pairs as one nested patch; each VALUE is read as YAML (`8`, `null`, `true`, `{a: 1}`). */
export function patchFromAssignments(assignments: readonly string[]): ConfigPatch {
  const patch: Record<string, unknown> = {};
  for (const assignment of assignments) {
    const eq = assignment.indexOf('=');
    if (eq <= 0) throw new InputError(`"${assignment}" is not KEY=VALUE (for example risk.maxPositionPct=8)`);
    const keys = parseKeyPath(assignment.slice(0, eq));
    let value: unknown;
    try {
      value = parseYamlValue(assignment.slice(eq + 1));
    } catch (error) {
      throw new InputError(`the value of ${assignment.slice(0, eq)} is not YAML: ${(error as Error).message.split('\n')[0]}`);
    }
    let node = patch;
    for (const key of keys.slice(0, -1)) {
      const next = node[key];
      node = (node[key] = next !== null && typeof next === 'object' && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return patch;
}

async function check(ctx: CliContext): Promise<number> {
  const file = path.join(ctx.dataDir, TRADING_CONFIG_FILE);
  const text = await readTextIfExists(file);
  if (text === null) throw new InputError(`${file} does not exist yet; Sextant writes it with the defaults on its first start`);
  const read = readTradingConfig(text);
  if (!read.ok) {
    ctx.output({ file, valid: false, problems: read.problems }, () => read.problems.map((p) => p.text).join('\n'));
    return EXIT_BAD_INPUT;
  }
  ctx.output({ file, valid: true, config: read.config }, () => `${file} is valid`);
  return EXIT_OK;
}

async function withService<T>(ctx: CliContext, task: (service: TradingConfigService) => Promise<T>): Promise<T> {
  const service = await TradingConfigService.open({ dataDir: ctx.dataDir, db: ctx.db(), log: ctx.log, watch: false });
  try {
    return await task(service);
  } finally {
    await service.close();
  }
}

async function set(ctx: CliContext, assignments: readonly string[]): Promise<number> {
  if (assignments.length === 0) throw new InputError('nothing to set: give KEY=VALUE pairs, e.g. risk.maxPositionPct=8');
  const patch = patchFromAssignments(assignments);
  return withService(ctx, async (service) => {
    const before = service.changes({ limit: 1 })[0]?.id ?? 0;
    try {
      await service.update(patch, 'cli');
    } catch (error) {
      if (error instanceof TradingConfigError) throw new InputError(error.problems.map((p) => p.text).join('\n') || error.message);
      throw error;
    }
    const changes = service.changes({ limit: 1000 }).filter((c) => c.id > before).reverse();
    ctx.output({ file: service.file, changes }, () =>
      changes.length === 0 ? 'nothing changed' : changes.map((c) => `${c.path}: ${JSON.stringify(c.before) ?? '(unset)'} → ${JSON.stringify(c.after) ?? '(unset)'}`).join('\n'),
    );
    return EXIT_OK;
  });
}

async function changes(ctx: CliContext): Promise<number> {
  const limit = numberOption(ctx.args, 'limit') ?? 50;
  return withService(ctx, async (service) => {
    const list = service.changes({ limit });
    ctx.output(list, () =>
      list.map((c) => `${new Date(c.at).toISOString()} ${c.actor.padEnd(6)} ${c.path}: ${JSON.stringify(c.before) ?? '(unset)'} → ${JSON.stringify(c.after) ?? '(unset)'}`).join('\n') || 'no changes recorded',
    );
    return EXIT_OK;
  });
}

export const tradingConfigCommand: CliCommand = {
  name: 'trading-config',
  summary: 'check trading.yaml, change keys in it (comments kept, change recorded), list its changes',
  usage: 'trading-config check | set KEY=VALUE... | changes [--limit N]',
  options: { limit: { type: 'number', description: 'changes: how many, newest first (default 50)' } },
  async run(ctx) {
    const [action, ...rest] = ctx.args.positionals;
    switch (action) {
      case 'check':
        return check(ctx);
      case 'set':
        return set(ctx, rest);
      case 'changes':
        return changes(ctx);
      default:
        throw new InputError(`trading-config needs check, set or changes, got ${action === undefined ? 'nothing' : `"${action}"`}`);
    }
  },
};
