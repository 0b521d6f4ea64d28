import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, type ReactNode } from 'react';
import { nextSort, sortRows, type SortDirection, type SortState, type SortValue } from './sorting';

export interface Column<T> {
  readonly id: string;
  readonly header: string;
  /** A CSS grid track: `90px`, `minmax(120px, 1fr)`. */
  readonly width: string;
  readonly align?: 'left' | 'right';
  /** Sortable by this value when given. */
  readonly sortValue?: (row: T) => SortValue;
  /** The direction of a first click (numbers and times: largest first). */
  readonly firstDirection?: SortDirection;
  readonly title?: string;
  readonly cell: (row: T) => ReactNode;
}

export interface VirtualTableProps<T> {
  readonly rows: readonly T[];
  readonly columns: readonly Column<T>[];
  readonly rowKey: (row: T) => string;
  readonly sort: SortState | null;
  readonly onSort: (sort: SortState) => void;
  readonly label: string;
  readonly testId: string;
  readonly rowTestId: string;
  /** Extra attributes of a row (`data-status`...), and its class. */
  readonly rowAttributes?: (row: T) => Record<string, string>;
  readonly rowClass?: (row: T) => string;
  readonly empty: ReactNode;
}

const ROW_HEIGHT = 28;
const OVERSCAN = 12;

/**
 * A blotter's table: sortable by its headers, and virtualised (only the rows in view, plus a few,
 * are in the page), so tens of thousands of orders scroll as smoothly as ten.
 */
export function VirtualTable<T>({ rows, columns, rowKey, sort, onSort, label, testId, rowTestId, rowAttributes, rowClass, empty }: VirtualTableProps<T>) {
  const scroller = useRef<HTMLDivElement>(null);
  const sorted = useMemo(() => {
    const column = sort ? columns.find((c) => c.id === sort.column) : undefined;
    return column?.sortValue && sort ? sortRows(rows, column.sortValue, sort.direction) : [...rows];
  }, [rows, columns, sort]);
  const virtualizer = useVirtualizer({
    count: sorted.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: OVERSCAN,
    getItemKey: (index) => rowKey(sorted[index]!),
  });
  const template = columns.map((c) => c.width).join(' ');
  return (
    <div className="vtable-scroll" ref={scroller} data-testid={testId} data-rows={sorted.length}>
      <div className="vtable" role="table" aria-label={label} aria-rowcount={sorted.length + 1}>
        <div className="vtable-head" role="rowgroup">
          <div className="vtable-row vtable-header-row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {columns.map((column) => {
              const sorting = sort?.column === column.id ? sort.direction : null;
              return (
                <div
                  key={column.id}
                  role="columnheader"
                  className={`vtable-cell vtable-header${column.align === 'right' ? ' right' : ''}`}
                  aria-sort={sorting === 'asc' ? 'ascending' : sorting === 'desc' ? 'descending' : 'none'}
                  title={column.title}
                >
                  {column.sortValue ? (
                    <button type="button" className="sort-button" data-testid={`sort-${column.id}`} onClick={() => onSort(nextSort(sort, column.id, column.firstDirection ?? 'asc'))}>
                      {column.header}
                      {sorting && (
                        <span className="sort-mark" aria-hidden>
                          {sorting === 'asc' ? '▲' : '▼'}
                        </span>
                      )}
                    </button>
                  ) : (
                    column.header
                  )}
                </div>
              );
            })}
          </div>
        </div>
        {sorted.length === 0 ? (
          <div className="vtable-empty">{empty}</div>
        ) : (
          <div className="vtable-body" role="rowgroup" style={{ height: virtualizer.getTotalSize() }}>
            {virtualizer.getVirtualItems().map((item) => {
              const row = sorted[item.index]!;
              return (
                <div
                  key={item.key}
                  role="row"
                  aria-rowindex={item.index + 2}
                  className={`vtable-row${rowClass ? ` ${rowClass(row)}` : ''}`}
                  data-testid={rowTestId}
                  data-key={rowKey(row)}
                  {...rowAttributes?.(row)}
                  style={{ gridTemplateColumns: template, transform: `translateY(${item.start}px)`, height: item.size }}
                >
                  {columns.map((column) => (
                    <div key={column.id} role="cell" className={`vtable-cell${column.align === 'right' ? ' right' : ''}`} data-column={column.id}>
                      {column.cell(row)}
                    </div>
                  ))}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </div>
  );
}
