import { CACHE, DB, WEB } from '../../../testing/containers';
import { ContainerSummary } from './container-model';
import { filterRows, indexRows, sortRows } from './container-rows';

const ROWS = [WEB, DB, CACHE];
const names = (rows: ContainerSummary[]) => rows.map((r) => r.name);

describe('container rows', () => {
  it('filters on name, image, state, status, health, short id and ports, case-insensitively', () => {
    const indexed = indexRows(ROWS);
    expect(names(filterRows(indexed, ''))).toEqual(['web', 'db', 'cache']);
    expect(names(filterRows(indexed, 'NGINX'))).toEqual(['web']);
    expect(names(filterRows(indexed, 'exited'))).toEqual(['db']);
    expect(names(filterRows(indexed, 'healthy'))).toEqual(['web']);
    expect(names(filterRows(indexed, 'bbbb22'))).toEqual(['db']);
    expect(names(filterRows(indexed, '8080'))).toEqual(['web']);
    expect(names(filterRows(indexed, '6379/tcp'))).toEqual(['cache']);
    expect(names(filterRows(indexed, 'days ago'))).toEqual(['db']);
  });

  it('needs every term of the query', () => {
    const indexed = indexRows(ROWS);
    expect(names(filterRows(indexed, 'redis paused'))).toEqual(['cache']);
    expect(names(filterRows(indexed, 'redis exited'))).toEqual([]);
    expect(names(filterRows(indexed, '  web   '))).toEqual(['web']);
  });

  it('sorts by text columns both ways', () => {
    expect(names(sortRows(ROWS, { column: 'name', direction: 'asc' }))).toEqual(['cache', 'db', 'web']);
    expect(names(sortRows(ROWS, { column: 'name', direction: 'desc' }))).toEqual(['web', 'db', 'cache']);
    expect(names(sortRows(ROWS, { column: 'image', direction: 'asc' }))).toEqual(['web', 'db', 'cache']);
    expect(names(sortRows(ROWS, { column: 'state', direction: 'asc' }))).toEqual(['db', 'cache', 'web']);
  });

  it('sorts numbers numerically and keeps rows without numbers last either way', () => {
    expect(names(sortRows(ROWS, { column: 'cpu', direction: 'desc' }))).toEqual(['web', 'cache', 'db']);
    expect(names(sortRows(ROWS, { column: 'cpu', direction: 'asc' }))).toEqual(['cache', 'web', 'db']);
    expect(names(sortRows(ROWS, { column: 'memory', direction: 'asc' }))).toEqual(['cache', 'web', 'db']);
  });

  it('never changes the list it was given', () => {
    const rows = [...ROWS];
    sortRows(rows, { column: 'name', direction: 'asc' });
    expect(rows).toEqual(ROWS);
    expect(sortRows(rows, null)).not.toBe(rows);
  });
});
