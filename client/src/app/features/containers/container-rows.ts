import { ContainerSummary, formatPort, shortId } from './container-model';

/**
 * Filtering and sorting of a host's container list, kept free of Angular so it
 * can be measured and tested on its own: 2,000 rows must filter well inside a
 * frame budget on every keystroke (bench/console-filter.mjs).
 */

export type SortColumn = 'name' | 'image' | 'state' | 'cpu' | 'memory';
export interface RowSort {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

/** A row with its lower-cased search text, built once per load rather than per keystroke. */
export interface IndexedRow {
  row: ContainerSummary;
  text: string;
}

export function indexRows(rows: readonly ContainerSummary[]): IndexedRow[] {
  return rows.map((row) => ({
    row,
    text: [
      row.name,
      row.image,
      row.state,
      row.status ?? '',
      row.health && row.health !== 'none' ? row.health : '',
      shortId(row.id),
      ...(row.ports ?? []).map(formatPort),
    ]
      .join('\n')
      .toLowerCase(),
  }));
}

/** Rows holding every whitespace-separated term of the query (case-insensitive). */
export function filterRows(rows: readonly IndexedRow[], query: string): ContainerSummary[] {
  const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (terms.length === 0) return rows.map((r) => r.row);
  const matches: ContainerSummary[] = [];
  for (const { row, text } of rows) {
    if (terms.every((term) => text.includes(term))) matches.push(row);
  }
  return matches;
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** A sorted copy; rows without a number (not reported) go last in either direction. */
export function sortRows(rows: readonly ContainerSummary[], sort: RowSort | null): ContainerSummary[] {
  if (!sort) return [...rows];
  const sign = sort.direction === 'desc' ? -1 : 1;
  const text = (row: ContainerSummary) =>
    sort.column === 'name' ? row.name : sort.column === 'image' ? row.image : row.state;
  if (sort.column === 'cpu' || sort.column === 'memory') {
    const value = (row: ContainerSummary) =>
      (sort.column === 'cpu' ? row.stats?.cpuPercent : row.stats?.memUsage) ?? null;
    return [...rows].sort((a, b) => {
      const x = value(a);
      const y = value(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (x - y) * sign || collator.compare(a.name, b.name);
    });
  }
  return [...rows].sort((a, b) => collator.compare(text(a), text(b)) * sign || collator.compare(a.name, b.name));
}
