import { ConflictException, NotFoundException } from '@nestjs/common';
import type { ContainerDto } from '../containers/dto/container.dto';
import { findContainer } from './find-container';

const container = (id: string, name: string): ContainerDto => ({ id: id.padEnd(64, '0'), name, image: 'busybox', state: 'running' });
const containers = [
  container('abcd1111', 'web'),
  container('abcd2222', 'db'),
  container('ef012345', 'cache'),
  container('fe000000', 'abcd'), // a name that looks like an id prefix
  container('99990000', 'twin'),
  container('88880000', 'twin'),
];

function find(ref: string): string {
  try {
    return findContainer(containers, ref, 'host-1').name;
  } catch (error) {
    if (error instanceof NotFoundException) return '404';
    if (error instanceof ConflictException) return `409 ${error.message}`;
    throw error;
  }
}

describe('findContainer', () => {
  it('finds by full id, by name, and by a unique prefix of 4+ characters', () => {
    expect(find('ef012345'.padEnd(64, '0'))).toBe('cache');
    expect(find('db')).toBe('db');
    expect(find('ef01')).toBe('cache');
    expect(find('abcd1')).toBe('web');
  });

  it('prefers an exact name over an id prefix, as docker does', () => {
    expect(find('abcd')).toBe('abcd');
  });

  it('answers 409 for an ambiguous prefix or a duplicated name, naming the candidates', () => {
    const withoutLookAlike = containers.filter((c) => c.name !== 'abcd');
    expect(findOrError(() => findContainer(withoutLookAlike, 'abcd', 'host-1'))).toMatch(
      /^409 Id prefix 'abcd' is ambiguous on 'host-1': it matches 2 containers \(abcd11110000 \(web\), abcd22220000 \(db\)\); type more characters$/,
    );
    expect(find('twin')).toBe("409 2 containers on 'host-1' are named 'twin'; use the container id");
  });

  it('answers 404 for prefixes shorter than 4 characters, unknown names and unknown ids', () => {
    expect(find('ef0')).toBe('404');
    expect(find('nope')).toBe('404');
    expect(find('0123')).toBe('404');
    expect(find('ef012345'.padEnd(64, '1'))).toBe('404');
  });
});

function findOrError(run: () => ContainerDto): string {
  try {
    return run().name;
  } catch (error) {
    return `${(error as ConflictException).getStatus()} ${(error as Error).message}`;
  }
}
