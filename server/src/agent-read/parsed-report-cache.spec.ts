import type { ContainerDto } from '../containers/dto/container.dto';
import { ParsedReportCache } from './parsed-report-cache';

const containers = (name: string): ContainerDto[] => [{ id: 'a'.repeat(64), name, image: 'busybox', state: 'running' }];

describe('ParsedReportCache', () => {
  it('answers only for the receivedAt it holds', () => {
    const cache = new ParsedReportCache(1000);
    cache.set('h1', 't1', containers('one'), 100);
    expect(cache.receivedAt('h1')).toBe('t1');
    expect(cache.get('h1', 't1')?.[0].name).toBe('one');
    expect(cache.get('h1', 't2')).toBeUndefined();
    cache.set('h1', 't2', containers('two'), 100);
    expect(cache.get('h1', 't1')).toBeUndefined();
    expect(cache.get('h1', 't2')?.[0].name).toBe('two');
    expect(cache.size).toBe(1);
  });

  it('stays within its byte bound, dropping the least recently read host first', () => {
    const cache = new ParsedReportCache(300);
    cache.set('a', 't', containers('a'), 100);
    cache.set('b', 't', containers('b'), 100);
    cache.set('c', 't', containers('c'), 100);
    cache.get('a', 't'); // a is now the most recently used
    cache.set('d', 't', containers('d'), 100);
    expect(['a', 'b', 'c', 'd'].filter((h) => cache.receivedAt(h))).toEqual(['a', 'c', 'd']);
    cache.set('huge', 't', containers('huge'), 301);
    expect(cache.receivedAt('huge')).toBeUndefined();
    expect(cache.size).toBe(3);
    cache.delete('a');
    cache.set('e', 't', containers('e'), 200);
    expect(['c', 'd', 'e'].filter((h) => cache.receivedAt(h))).toEqual(['d', 'e']);
  });
});
