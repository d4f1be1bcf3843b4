/** Where a container lives: a source and that source's own host id. */

export type ContainerSource = 'docker-tcp' | 'docker-ssh' | 'agent';

export interface HostRef {
  source: ContainerSource;
  /** The agent's hostId, or the numeric id of a registered TCP/SSH host (as text). */
  id: string;
}

/** The REST prefix of each source (SPEC §3, §4). */
export const API_PREFIX: Record<ContainerSource, string> = {
  'docker-tcp': '/api/docker',
  'docker-ssh': '/api/docker-ssh',
  agent: '/api/agents/docker',
};

export const SOURCE_LABEL: Record<ContainerSource, string> = {
  'docker-tcp': 'Docker API (TCP)',
  'docker-ssh': 'Docker over SSH',
  agent: 'Push agent',
};

/** Short source names for URLs: `?host=tcp:3`, `agent:proxmox-vm-1`. */
const URL_CODE: Record<ContainerSource, string> = { 'docker-tcp': 'tcp', 'docker-ssh': 'ssh', agent: 'agent' };
const FROM_CODE: Record<string, ContainerSource> = { tcp: 'docker-tcp', ssh: 'docker-ssh', agent: 'agent' };

// The server's own rules: agent host ids are 1-128 of [A-Za-z0-9._-]; TCP/SSH ids are positive integers.
const AGENT_HOST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const NUMERIC_ID = /^[1-9][0-9]{0,9}$/;

export function hostKey(ref: HostRef): string {
  return `${URL_CODE[ref.source]}:${ref.id}`;
}

/** The host a URL names, or null for anything malformed (a hand-edited link must not break the page). */
export function parseHostKey(text: string | null | undefined): HostRef | null {
  if (!text) return null;
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const source = FROM_CODE[text.slice(0, colon)];
  const id = text.slice(colon + 1);
  if (!source) return null;
  const valid = source === 'agent' ? AGENT_HOST_ID.test(id) : NUMERIC_ID.test(id);
  return valid ? { source, id } : null;
}

export function sameHost(a: HostRef | null, b: HostRef | null): boolean {
  return !!a && !!b && a.source === b.source && a.id === b.id;
}

/** Only the Docker API and SSH sources can act on containers; the agent is a one-way report. */
export function canManage(source: ContainerSource): boolean {
  return source !== 'agent';
}
