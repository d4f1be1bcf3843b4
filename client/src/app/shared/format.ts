/**
 * Human units for the numbers the sources report. Every function answers null
 * for a value the source did not give, so templates can hand the result to
 * `an-field`, which then shows "not reported by this source" instead of a guess.
 */

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

type Maybe<T> = T | null | undefined;

/** 1536 → "1.5 KiB" (binary units, like `docker stats`). */
export function formatBytes(bytes: Maybe<number>): string | null {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return null;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** 1.234 → "1.2 %"; above 100 on several cores, as docker shows it. */
export function formatPercent(percent: Maybe<number>): string | null {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return null;
  return `${percent < 10 ? percent.toFixed(2) : percent.toFixed(1)} %`;
}

/** "20 MiB / 512 MiB", or just the usage when the limit is unknown. */
export function formatUsage(usage: Maybe<number>, limit: Maybe<number>): string | null {
  const used = formatBytes(usage);
  if (used === null) return null;
  const max = formatBytes(limit);
  return max === null ? used : `${used} / ${max}`;
}

/** A span of milliseconds as the largest two units: "3 d 4 h", "5 min 2 s", "12 s". */
export function formatDuration(ms: Maybe<number>): string | null {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return null;
  const seconds = Math.floor(ms / 1000);
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), 'd'],
    [Math.floor((seconds % 86_400) / 3600), 'h'],
    [Math.floor((seconds % 3600) / 60), 'min'],
    [seconds % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/** How long ago an ISO time was, from `now`: "12 s ago", "3 min ago", "in the future" for a skewed clock. */
export function formatAge(iso: Maybe<string>, now: number): string | null {
  const at = parseTime(iso);
  if (at === null) return null;
  const ms = now - at;
  // A second or two of clock difference between browser and server is normal.
  if (ms < -2000) return 'in the future';
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86_400)} d ago`;
}

/** Epoch ms of an ISO time; null when absent or unparsable. */
export function parseTime(iso: Maybe<string>): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : at;
}
