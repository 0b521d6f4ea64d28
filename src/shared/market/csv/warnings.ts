/**
 * Things an import tells the user without refusing the file. Repetitive findings are grouped so a
 * file with 500 zero-volume bars yields one warning with the count and the first lines, not 500.
 */
export type ImportWarningKind = 'gap' | 'zero_volume' | 'jump' | 'missing_value' | 'other';

export interface ImportWarning {
  readonly kind: ImportWarningKind;
  /** Physical line in the file the warning points at (the first one for a group), if any. */
  readonly line: number | null;
  readonly message: string;
}

/** How many findings of one kind are listed one by one before the rest are summed up. */
export const LISTED_PER_KIND = 10;

export function formatLines(lines: readonly number[], total: number): string {
  const shown = lines.slice(0, 5).join(', ');
  return total > 5 ? `lines ${shown}, …` : lines.length === 1 ? `line ${shown}` : `lines ${shown}`;
}

/** Collects findings of one kind: the first few as their own warnings, the rest as one summary. */
export class WarningGroup {
  private readonly listed: ImportWarning[] = [];
  private readonly moreLines: number[] = [];
  private more = 0;

  constructor(
    private readonly kind: ImportWarningKind,
    private readonly noun: string,
    private readonly limit = LISTED_PER_KIND,
  ) {}

  add(line: number | null, message: string): void {
    if (this.listed.length < this.limit) this.listed.push({ kind: this.kind, line, message });
    else {
      this.more++;
      if (line !== null && this.moreLines.length < 5) this.moreLines.push(line);
    }
  }

  get size(): number {
    return this.listed.length + this.more;
  }

  drain(into: ImportWarning[]): void {
    into.push(...this.listed);
    if (this.more > 0) {
      into.push({
        kind: this.kind,
        line: this.moreLines[0] ?? null,
        message: `… and ${this.more} more ${this.noun} (${formatLines(this.moreLines, this.more)})`,
      });
    }
  }
}

/** Counts findings of one kind into a single warning: "27 bars have zero volume (lines …)". */
export class WarningTally {
  private readonly lines: number[] = [];
  private count = 0;

  add(line: number): void {
    this.count++;
    if (this.lines.length < 5) this.lines.push(line);
  }

  get size(): number {
    return this.count;
  }

  drain(into: ImportWarning[], kind: ImportWarningKind, describe: (count: number, where: string) => string): void {
    if (this.count === 0) return;
    into.push({ kind, line: this.lines[0] ?? null, message: describe(this.count, formatLines(this.lines, this.count)) });
  }
}
