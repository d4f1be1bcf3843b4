import { isContainerRef } from '../containers/container-ref';

/**
 * The query of an exec WebSocket, shared by every source:
 * `?hostId=1&ref=<container>&cmd=sh&cols=80&rows=24` (plus `token` when not sent as a subprotocol).
 * The command is one of a few shells, never free text, so the socket cannot start arbitrary programs.
 */
export const EXEC_SHELLS = ['sh', 'bash', 'ash'] as const;
export type ExecShell = (typeof EXEC_SHELLS)[number];
export const TERMINAL_MAX_SIZE = 1000;

export interface ExecQuery {
  hostId: number;
  ref: string;
  cmd: ExecShell;
  cols: number;
  rows: number;
}

const KNOWN = new Set(['hostId', 'ref', 'cmd', 'cols', 'rows', 'token']);

/** The validated query, or the reason it is refused (answered as 400 before the upgrade). */
export function parseExecQuery(query: URLSearchParams): ExecQuery | string {
  for (const key of query.keys()) {
    if (!KNOWN.has(key)) return `unknown query parameter '${key.slice(0, 40)}' (allowed: hostId, ref, cmd, cols, rows, token)`;
    if (query.getAll(key).length > 1) return `query parameter '${key}' is given more than once`;
  }
  const hostId = query.get('hostId') ?? '';
  if (!/^[1-9][0-9]{0,9}$/.test(hostId) || Number(hostId) > 2_147_483_647) return 'hostId must be a positive integer';
  const ref = query.get('ref');
  if (!isContainerRef(ref)) return 'ref must be a container id, unique id prefix or name';
  const cmd = query.get('cmd') ?? 'sh';
  if (!(EXEC_SHELLS as readonly string[]).includes(cmd)) return `cmd must be one of ${EXEC_SHELLS.join(', ')}`;
  const cols = terminalSize(query.get('cols'), 80);
  const rows = terminalSize(query.get('rows'), 24);
  if (cols === null || rows === null) return `cols and rows must be integers from 1 to ${TERMINAL_MAX_SIZE}`;
  return { hostId: Number(hostId), ref, cmd: cmd as ExecShell, cols, rows };
}

/** A terminal dimension; null when invalid. Also used for resize messages. */
export function terminalSize(value: unknown, fallback?: number): number | null {
  if ((value === null || value === undefined) && fallback !== undefined) return fallback;
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
  return Number.isInteger(n) && n >= 1 && n <= TERMINAL_MAX_SIZE ? n : null;
}
