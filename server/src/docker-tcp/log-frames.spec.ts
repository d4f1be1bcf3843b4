import { LogCollector } from './log-frames';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

function collect(multiplexed: boolean, bytes: Buffer, chunkSize = bytes.length, max?: number) {
  const collector = new LogCollector(multiplexed, max);
  for (let i = 0; i < bytes.length; i += chunkSize) collector.push(bytes.subarray(i, i + chunkSize));
  return collector.lines();
}

describe('LogCollector', () => {
  const stream = Buffer.concat([frame(1, 'out one\n'), frame(2, 'err one\n'), frame(1, 'out two\nout thr'), frame(1, 'ee\n'), frame(2, 'ünïcödé ✓\n')]);

  it('demultiplexes stdout and stderr in engine order', () => {
    expect(collect(true, stream).lines).toEqual(['out one', 'err one', 'out two', 'out three', 'ünïcödé ✓']);
  });

  it('does not care how the bytes are chunked (headers and UTF-8 split across reads)', () => {
    for (const size of [1, 3, 7, 8, 9, 13]) expect(collect(true, stream, size).lines).toEqual(['out one', 'err one', 'out two', 'out three', 'ünïcödé ✓']);
  });

  it('reads a TTY container raw and drops carriage returns', () => {
    expect(collect(false, Buffer.from('hello\r\nworld\r\nno newline')).lines).toEqual(['hello', 'world', 'no newline']);
  });

  it('falls back to raw text when the bytes are not frames', () => {
    expect(collect(true, Buffer.from('plain text that is not framed\nsecond\n')).lines).toEqual(['plain text that is not framed', 'second']);
  });

  it('keeps only the newest bytes past the cap, without a partial first line', () => {
    const many = Buffer.concat(Array.from({ length: 100 }, (_, i) => frame(1, `line ${String(i).padStart(3, '0')}\n`)));
    const result = collect(true, many, 50, 100);
    expect(result.truncated).toBe(true);
    expect(result.lines.at(-1)).toBe('line 099');
    expect(result.lines.length).toBeLessThanOrEqual(11);
    expect(result.lines.every((l) => /^line \d{3}$/.test(l))).toBe(true);
  });

  it('survives a frame announcing a huge length without buffering it whole', () => {
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(0xffffffff, 4);
    const result = collect(true, Buffer.concat([header, Buffer.alloc(5000, 'x')]), 1000, 1024);
    expect(result.truncated).toBe(true);
    expect(result.lines.join('').length).toBeLessThanOrEqual(1024);
  });

  it('answers no lines for an empty log', () => {
    expect(collect(true, Buffer.alloc(0)).lines).toEqual([]);
  });
});
