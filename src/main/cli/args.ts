/**
 * A small, strict argument parser: `--name value`, `--name=value`, boolean `--flag`, repeatable
 * options, and positionals. Unknown options are an error, so a typo never silently does nothing.
 */
export type OptionType = 'string' | 'number' | 'boolean';

export interface OptionSpec {
  readonly type: OptionType;
  readonly multiple?: boolean;
  readonly description?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean | Array<string | number>>;
}

export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const positionals: string[] = [];
  const options: ParsedArgs['options'] = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
    const spec = specs[name];
    if (!spec) throw new CliUsageError(`Unknown option --${name}. Options: ${Object.keys(specs).map((k) => '--' + k).join(', ')}`);
    let raw: string | undefined;
    if (spec.type === 'boolean') {
      if (eq >= 0) {
        const text = arg.slice(eq + 1);
        if (text !== 'true' && text !== 'false') throw new CliUsageError(`--${name} takes no value (or =true / =false), got "${text}"`);
        options[name] = text === 'true';
      } else {
        options[name] = true;
      }
      continue;
    }
    if (eq >= 0) raw = arg.slice(eq + 1);
    else {
      raw = argv[i + 1];
      if (raw === undefined || (raw.startsWith('--') && raw.length > 2)) throw new CliUsageError(`--${name} needs a value`);
      i++;
    }
    let value: string | number = raw;
    if (spec.type === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw new CliUsageError(`--${name} needs a number, got "${raw}"`);
      value = n;
    }
    if (spec.multiple) {
      const list = (options[name] as Array<string | number> | undefined) ?? [];
      list.push(value);
      options[name] = list;
    } else {
      if (name in options) throw new CliUsageError(`--${name} was given twice`);
      options[name] = value;
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberOption(args: ParsedArgs, name: string): number | undefined {
  const value = args.options[name];
  return typeof value === 'number' ? value : undefined;
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.options[name];
  return Array.isArray(value) ? value.map(String) : [];
}
