import { parseExecQuery } from './exec-query';

const q = (text: string) => parseExecQuery(new URLSearchParams(text));

describe('parseExecQuery', () => {
  it('accepts a full query and fills defaults', () => {
    expect(q('hostId=3&ref=web&cmd=bash&cols=120&rows=40&token=x')).toEqual({ hostId: 3, ref: 'web', cmd: 'bash', cols: 120, rows: 40 });
    expect(q('hostId=1&ref=' + 'a'.repeat(64))).toEqual({ hostId: 1, ref: 'a'.repeat(64), cmd: 'sh', cols: 80, rows: 24 });
  });

  it.each([
    ['ref=web', /hostId/],
    ['hostId=0&ref=web', /hostId/],
    ['hostId=1&ref=../x', /ref/],
    ['hostId=1', /ref/],
    ['hostId=1&ref=web&cmd=rm', /cmd/],
    ['hostId=1&ref=web&cmd=sh%20-c', /cmd/],
    ['hostId=1&ref=web&cols=0', /cols/],
    ['hostId=1&ref=web&rows=1001', /rows/],
    ['hostId=1&ref=web&cols=1.5', /cols/],
    ['hostId=1&ref=web&user=root', /unknown query parameter/],
    ['hostId=1&ref=web&ref=other', /more than once/],
  ])('refuses %s', (text, reason) => {
    expect(q(text)).toEqual(expect.stringMatching(reason));
  });
});
