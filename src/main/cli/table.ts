/** A plain-text table for human CLI output: columns padded to their widest cell, numbers right-aligned. */
export function formatTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string {
  const cells = rows.map((row) => row.map((cell) => (cell === null ? '' : String(cell))));
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => row[column] === null || typeof row[column] === 'number'));
  const widths = headers.map((header, column) => Math.max(header.length, ...cells.map((row) => row[column]?.length ?? 0)));
  const line = (row: readonly string[]): string =>
    row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** A fraction as a percentage with two decimals ("12.34%"); "n/a" when missing. */
export function percentCell(value: unknown): string {
  return typeof value === 'number' ? `${(value * 100).toFixed(2)}%` : 'n/a';
}

/** A number with two decimals; "n/a" when missing. */
export function numberCell(value: unknown): string {
  return typeof value === 'number' ? value.toFixed(2) : 'n/a';
}
