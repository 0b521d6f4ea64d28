import { formatKeyPath, type KeyPath } from '../validation/field-problems';

/** One setting that changed. `undefined` means the key did not exist on that side. */
export interface ConfigChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function sameLeaf(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/**
 * The leaf-by-leaf difference between two configurations (objects are walked, everything else,
 * lists included, is a leaf), in a stable order: keys of `before` first, then new keys.
 */
export function diffConfig(before: unknown, after: unknown): ConfigChange[] {
  const out: ConfigChange[] = [];
  const walk = (a: unknown, b: unknown, path: KeyPath): void => {
    if (isPlainObject(a) && isPlainObject(b)) {
      const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !Object.prototype.hasOwnProperty.call(a, k))];
      for (const key of keys) walk(a[key], b[key], [...path, key]);
      return;
    }
    if (isPlainObject(a) && b === undefined) {
      for (const key of Object.keys(a)) walk(a[key], undefined, [...path, key]);
      return;
    }
    if (a === undefined && isPlainObject(b)) {
      for (const key of Object.keys(b)) walk(undefined, b[key], [...path, key]);
      return;
    }
    if (!sameLeaf(a, b)) out.push({ path: formatKeyPath(path), before: a, after: b });
  };
  walk(before, after, []);
  return out;
}
