import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../../../shared/errors';
import { parseColumnMap } from '../../../shared/market/csv/index';
import { DatasetStore } from '../../market/dataset-store';
import { importCsv, importReport, importWideCsv, type ImportOutcome } from '../../market/import-service';
import { booleanOption, listOption, stringOption } from '../args';
import { EXIT_OK, type CliCommand } from '../command';

type Report = ReturnType<typeof importReport>;

function describe(report: Report): string {
  const lines = [`Imported ${report.symbol} ${report.timeframe} as dataset ${report.dataset}: ${report.rows} bars, ${report.first} → ${report.last}`];
  if (report.replaced.length > 0) lines.push(`  replaced dataset${report.replaced.length === 1 ? '' : 's'} ${report.replaced.join(', ')}`);
  for (const warning of report.warnings) lines.push(`  warning (${warning.kind}${warning.line === null ? '' : `, line ${warning.line}`}): ${warning.message}`);
  return lines.join('\n');
}

export function readInputFile(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new InputError(`cannot read ${file}: ${why}. Give the path of a CSV file.`);
  }
}

export const importCommand: CliCommand = {
  name: 'import',
  summary: 'Import bars from a CSV file (Yahoo, Alpaca, pandas or any OHLCV export)',
  usage: 'import FILE --symbol SYM [--timeframe 1Day] [--tz ZONE] [--map time=Date,close=Price] [--replace] [--skip-bad-rows] [--adjusted] | import FILE --wide',
  options: {
    symbol: { type: 'string', description: 'the symbol the bars belong to (not with --wide)' },
    timeframe: { type: 'string', description: 'bar size: 1Min, 5Min, 1Hour, 1Day… (default: inferred from the times)' },
    tz: { type: 'string', description: 'time zone of times written without an offset (default America/New_York)' },
    map: { type: 'string', multiple: true, description: 'column names per role: time=Date,open=O,high=H,low=L,close=Price,volume=Vol' },
    replace: { type: 'boolean', description: 'replace this symbol\'s earlier CSV imports at the same bar size' },
    wide: { type: 'boolean', description: 'a date column then one close column per symbol: one dataset per column' },
    'skip-bad-rows': { type: 'boolean', description: 'leave out rows that fail a check (each reported) instead of refusing the file' },
    adjusted: { type: 'boolean', description: 'use the Adj Close column, scaling open/high/low to match' },
  },
  run(ctx) {
    const [file, ...extra] = ctx.args.positionals;
    if (!file || extra.length > 0) throw new InputError(`give exactly one file to import. Usage: sextant ${importCommand.usage}`);
    const wide = booleanOption(ctx.args, 'wide');
    const symbol = stringOption(ctx.args, 'symbol');
    if (wide && symbol) throw new InputError('--wide takes each symbol from its column header; leave out --symbol.');
    if (wide && booleanOption(ctx.args, 'adjusted')) throw new InputError('--adjusted needs open/high/low/close columns; a wide file has closes only.');
    if (!wide && !symbol) throw new InputError('say which symbol the bars are: --symbol SPY (or --wide for one close column per symbol).');
    const text = readInputFile(file);
    const request = {
      fileName: path.basename(file),
      text,
      timeframe: stringOption(ctx.args, 'timeframe'),
      timeZone: stringOption(ctx.args, 'tz'),
      map: parseColumnMap(listOption(ctx.args, 'map')),
      replace: booleanOption(ctx.args, 'replace'),
      skipBadRows: booleanOption(ctx.args, 'skip-bad-rows'),
      adjusted: booleanOption(ctx.args, 'adjusted'),
    };
    const store = new DatasetStore(ctx.db());
    let outcomes: ImportOutcome[];
    let timings;
    if (wide) {
      const result = importWideCsv(store, request);
      outcomes = result.outcome;
      timings = result.timings;
    } else {
      const result = importCsv(store, { ...request, symbol: symbol! });
      outcomes = [result.outcome];
      timings = result.timings;
    }
    ctx.log.info('import', `${file}: ${timings.rows} rows, parse ${timings.parseMs.toFixed(1)} ms, insert ${timings.insertMs.toFixed(1)} ms`);
    const reports = outcomes.map(importReport);
    if (wide) ctx.output(reports, () => reports.map(describe).join('\n'));
    else ctx.output(reports[0], () => describe(reports[0]!));
    return EXIT_OK;
  },
};
