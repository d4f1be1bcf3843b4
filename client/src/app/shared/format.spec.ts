import { formatAge, formatBytes, formatDuration, formatPercent, formatUsage } from './format';

describe('format', () => {
  it('gives null for what a source did not report, never a guess', () => {
    for (const f of [formatBytes, formatPercent, formatDuration]) {
      expect(f(null)).toBeNull();
      expect(f(undefined)).toBeNull();
      expect(f(Number.NaN)).toBeNull();
    }
    expect(formatUsage(null, 1024)).toBeNull();
    expect(formatAge(null, Date.now())).toBeNull();
    expect(formatAge('not a date', Date.now())).toBeNull();
  });

  it('writes bytes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(formatBytes(512 * 1024 ** 3)).toBe('512 GiB');
    expect(formatBytes(-1)).toBeNull();
  });

  it('writes usage with its limit when known', () => {
    expect(formatUsage(20 * 1024 * 1024, 512 * 1024 * 1024)).toBe('20.0 MiB / 512 MiB');
    expect(formatUsage(1024, null)).toBe('1.00 KiB');
  });

  it('writes percentages and durations', () => {
    expect(formatPercent(1.234)).toBe('1.23 %');
    expect(formatPercent(150.04)).toBe('150.0 %');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(12_000)).toBe('12 s');
    expect(formatDuration((5 * 60 + 2) * 1000)).toBe('5 min 2 s');
    expect(formatDuration((3 * 86_400 + 4 * 3600 + 59) * 1000)).toBe('3 d 4 h');
    expect(formatDuration((86_400 + 30) * 1000)).toBe('1 d');
  });

  it('says how old data is, tolerating a little clock difference', () => {
    const now = Date.parse('2026-06-20T12:00:00Z');
    expect(formatAge('2026-06-20T11:59:48Z', now)).toBe('12 s ago');
    expect(formatAge('2026-06-20T11:57:00Z', now)).toBe('3 min ago');
    expect(formatAge('2026-06-20T09:00:00Z', now)).toBe('3 h ago');
    expect(formatAge('2026-06-18T12:00:00Z', now)).toBe('2 d ago');
    expect(formatAge('2026-06-20T12:00:01Z', now)).toBe('0 s ago');
    expect(formatAge('2026-06-20T12:05:00Z', now)).toBe('in the future');
  });
});
