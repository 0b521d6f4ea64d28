export { parseBarsCsv, type CsvImportOptions, type ParsedBars } from './parse-bars';
export { parseWideClosesCsv, type ParsedWideSeries, type WideImportOptions } from './parse-wide';
export { parseColumnMap, type ColumnMap, type ColumnRole } from './header';
export { DEFAULT_TIME_ZONE, type CsvFormat } from './source';
export type { ImportWarning, ImportWarningKind } from './warnings';
export { parseTimeframeOption } from './time-axis';
