import { HostRef, hostKey, parseHostKey } from './host-ref';

/** An open container tab: which container (by full id) on which host, and its name for the label. */
export interface DetailTab {
  /** `tcp:3:<id>`: one tab per container. */
  key: string;
  host: HostRef;
  id: string;
  name: string;
}

const CONTAINER_ID = /^[0-9a-f]{12,64}$/;

export function detailTab(host: HostRef, id: string, name: string): DetailTab {
  return { key: `${hostKey(host)}:${id}`, host, id, name };
}

/**
 * A tab as one `open` query parameter: `agent:vm-1:<id>:<name>`. The name rides
 * along so a restored tab shows its label before its body is ever loaded.
 */
export function tabParam(tab: DetailTab): string {
  return `${tab.key}:${tab.name}`;
}

/** The tab an `open` parameter names; null for anything malformed (a hand-edited link must not break the page). */
export function parseTabParam(text: string): DetailTab | null {
  const parts = text.split(':');
  if (parts.length < 4) return null;
  const host = parseHostKey(`${parts[0]}:${parts[1]}`);
  const id = parts[2];
  // Names cannot hold a colon, but a report is remote data: keep whatever follows the id.
  const name = parts.slice(3).join(':') || id.slice(0, 12);
  if (!host || !CONTAINER_ID.test(id)) return null;
  return detailTab(host, id, name);
}
