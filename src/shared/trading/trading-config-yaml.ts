import { Document, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, YAMLMap, type Node, type ParsedNode } from 'yaml';
import { fieldProblems, type FieldProblem, type KeyPath } from '../validation/field-problems';
import { TradingConfigSchema, type TradingConfig } from './trading-config';

export const TRADING_CONFIG_FILE = 'trading.yaml';

/** One thing wrong with the file: where (line, key), what, and the whole sentence to show. */
export interface ConfigProblem {
  /** 1-based; null when the problem is not at a place in the file (a proposed change). */
  readonly line: number | null;
  /** The key path (`risk.maxPositionPct`), empty for a problem with the file as a whole. */
  readonly key: string;
  readonly message: string;
  /** `trading.yaml line 12, risk.maxPositionPct: must be a number > 0 and ≤ 1000, or null, got "ten"` */
  readonly text: string;
}

export type ConfigRead = { readonly ok: true; readonly config: TradingConfig } | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

function problemText(file: string, line: number | null, key: string, message: string): string {
  const where = line === null ? file : `${file} line ${line}`;
  return key ? `${where}, ${key}: ${message}` : `${where}: ${message}`;
}

function problem(file: string, line: number | null, key: string, message: string): ConfigProblem {
  return { line, key, message, text: problemText(file, line, key, message) };
}

function parse(text: string): { doc: Document.Parsed; lines: LineCounter } {
  const lines = new LineCounter();
  // prettyErrors off: the messages then carry no code excerpt, and the line comes from `lines`.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  return { doc, lines };
}

function lineAt(lines: LineCounter, offset: number | undefined): number | null {
  return offset === undefined ? null : lines.linePos(offset).line;
}

/**
 * The line of the deepest node along `path` that exists: the key's own line for a map entry
 * (where the user looks), the item's line in a list; the parent's when the key is missing.
 */
function lineOfPath(doc: Document.Parsed, lines: LineCounter, path: KeyPath): number | null {
  let node: unknown = doc.contents;
  let line = lineAt(lines, (doc.contents as ParsedNode | null)?.range?.[0]);
  for (const part of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(part));
      if (!pair) break;
      line = lineAt(lines, (pair.key as ParsedNode).range?.[0]) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof part === 'number') {
      const item = node.items[part] as ParsedNode | undefined;
      if (!item) break;
      line = lineAt(lines, item.range?.[0]) ?? line;
      node = item;
    } else {
      break;
    }
  }
  return line;
}

function yamlErrorProblems(doc: Document.Parsed, lines: LineCounter, file: string): ConfigProblem[] {
  return doc.errors.map((error) => {
    const line = lineAt(lines, error.pos[0]);
    const message = error.message.replace(/\s+at line \d+, column \d+:?[\s\S]*$/, '').trim();
    return problem(file, line, '', `${message} (YAML syntax)`);
  });
}

/**
 * Reads the text of `trading.yaml`: YAML syntax first, then the schema. Every problem names its
 * line and key; the file is taken as a whole or not at all.
 */
export function readTradingConfig(text: string, file = TRADING_CONFIG_FILE): ConfigRead {
  const { doc, lines } = parse(text);
  if (doc.errors.length > 0) return { ok: false, problems: yamlErrorProblems(doc, lines, file) };
  if (doc.contents === null || (isScalar(doc.contents) && (doc.contents.value === null || doc.contents.value === ''))) {
    // An empty file is refused rather than read as "all defaults": an editor caught half-way
    // through a save must not reset the risk limits.
    return { ok: false, problems: [problem(file, 1, '', 'the file is empty; write the settings back, or delete the file and restart Sextant to get the defaults')] };
  }
  if (!isMap(doc.contents)) {
    return { ok: false, problems: [problem(file, lineOfPath(doc, lines, []), '', 'the file must be a map of sections (execution:, risk:, strategies:)')] };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = TradingConfigSchema.safeParse(data);
  if (!parsed.success) {
    const problems = fieldProblems(TradingConfigSchema, parsed.error, data).map((p: FieldProblem) => problem(file, lineOfPath(doc, lines, p.path), p.key, p.message));
    return { ok: false, problems };
  }
  return { ok: true, config: parsed.data };
}

/** A change to part of the configuration: nested objects of the keys to set (see `patchTradingConfig`). */
export type ConfigPatch = Readonly<Record<string, unknown>>;

type PatchOp = { readonly kind: 'set'; readonly path: readonly string[]; readonly value: unknown } | { readonly kind: 'delete'; readonly path: readonly string[] } | { readonly kind: 'ensure'; readonly path: readonly string[] };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Keys whose value is replaced as a whole rather than merged: a strategy's free-form parameters. */
function isWholeValue(path: readonly string[]): boolean {
  return path.length === 3 && path[0] === 'strategies' && path[2] === 'parameters';
}

function patchOps(patch: ConfigPatch): PatchOp[] {
  const ops: PatchOp[] = [];
  const walk = (value: unknown, path: string[]): void => {
    if (path.length === 2 && path[0] === 'strategies' && value === null) {
      ops.push({ kind: 'delete', path });
    } else if (isPlainObject(value) && !isWholeValue(path)) {
      const keys = Object.keys(value);
      if (keys.length === 0 && path.length > 0) ops.push({ kind: 'ensure', path });
      for (const key of keys) walk(value[key], [...path, key]);
    } else {
      ops.push({ kind: 'set', path, value });
    }
  };
  walk(patch, []);
  return ops;
}

/** The map at `path`, created (block style) where missing or not a map. */
function mapAt(doc: Document, path: readonly string[]): YAMLMap {
  let map = doc.contents as YAMLMap;
  for (const key of path) {
    const child = map.get(key, true);
    if (isMap(child)) {
      map = child;
      continue;
    }
    const created = new YAMLMap(doc.schema);
    if (isScalar(child)) {
      // `orderRate: null  # off` becoming a map keeps its comments.
      created.commentBefore = child.commentBefore;
      created.comment = child.comment;
    }
    addToMap(map, key, created);
    map = created;
  }
  return map;
}

function addToMap(map: YAMLMap, key: string, value: unknown): void {
  // An empty flow map (`strategies: {}`) turns into a block map when it gets its first key.
  if (map.flow && map.items.length === 0) map.flow = false;
  map.set(key, value);
}

function applyOp(doc: Document, op: PatchOp): void {
  const parent = mapAt(doc, op.path.slice(0, -1));
  const key = op.path[op.path.length - 1]!;
  switch (op.kind) {
    case 'delete':
      parent.delete(key);
      return;
    case 'ensure':
      mapAt(doc, op.path);
      return;
    case 'set': {
      const current = parent.get(key, true);
      const scalar = op.value === null || typeof op.value !== 'object';
      // A scalar replacing a scalar keeps the node, and with it the comments around it.
      if (isScalar(current) && scalar) current.value = op.value;
      else addToMap(parent, key, scalar ? op.value : (doc.createNode(op.value) as Node));
    }
  }
}

export type ConfigPatchResult =
  | { readonly ok: true; readonly text: string; readonly config: TradingConfig }
  | { readonly ok: false; readonly problems: readonly ConfigProblem[] };

/**
 * Applies `patch` to the text of a valid `trading.yaml`, keeping its comments and layout where the
 * YAML document allows, and validates the result before returning it.
 *
 * The patch holds nested objects of the keys to set: `{risk: {maxPositionPct: 8}}`. `null` sets a
 * key to null (a risk rule off), except for a whole strategy, which it removes
 * (`{strategies: {old: null}}`); a strategy's `parameters` are replaced as a whole.
 */
export function patchTradingConfig(text: string, patch: ConfigPatch, file = TRADING_CONFIG_FILE): ConfigPatchResult {
  const current = readTradingConfig(text, file);
  if (!current.ok) {
    const first = problem(file, null, '', 'has errors; fix them in the file before changing it from here');
    return { ok: false, problems: [first, ...current.problems] };
  }
  const ops = patchOps(patch);
  const { doc } = parse(text);
  for (const op of ops) applyOp(doc, op);
  const nextText = doc.toString({ lineWidth: 0 });
  const next = readTradingConfig(nextText, file);
  if (!next.ok) {
    // Lines of a text that was never saved would only confuse: name the keys alone.
    return { ok: false, problems: next.problems.map((p) => problem(file, null, p.key, p.message)) };
  }
  return { ok: true, text: nextText, config: next.config };
}

