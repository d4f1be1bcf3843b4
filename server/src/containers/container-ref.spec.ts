import { BadRequestException } from '@nestjs/common';
import { ContainerRefPipe, isContainerRef } from './container-ref';

describe('container refs', () => {
  it.each(['3f4e5d6c7b8a', 'a'.repeat(64), 'web', 'my_app.1-blue', 'A', 'x'.repeat(128)])('accepts %s', (ref) => {
    expect(isContainerRef(ref)).toBe(true);
  });

  it.each([
    '', '.', '..', '../json', '..%2Fjson', 'a/b', 'web?x=1', 'web#x', '-rf', '.hidden', 'web name', "a'b", 'a;b', 'a$b', 'a\nb',
    'x'.repeat(129), 'é', 'web\0',
  ])('refuses %j', (ref) => {
    expect(isContainerRef(ref)).toBe(false);
    expect(() => new ContainerRefPipe().transform(ref)).toThrow(BadRequestException);
  });

  it('refuses non-strings', () => {
    expect(isContainerRef(undefined)).toBe(false);
    expect(isContainerRef(42)).toBe(false);
  });
});
