import { Observable, catchError, forkJoin, map, of } from 'rxjs';

import { apiErrorMessage } from '../../core/api-error';
import { AgentHost, HostsApi, SshHost, TcpHost } from '../hosts/hosts-api';
import { ContainerSource, HostRef, SOURCE_LABEL, hostKey } from './host-ref';

/** One entry of the host selector. */
export interface HostChoice {
  ref: HostRef;
  key: string;
  name: string;
  /** Where it is: `tcp://10.0.0.5:2375`, `deploy@10.0.0.5:22`, `docker01 · 12 containers`. */
  detail: string;
  /** Agent hosts: when the server received the latest report (the data age). */
  receivedAt?: string;
  /** Agent hosts: no report for longer than the server's stale window. */
  stale?: boolean;
  /** SSH hosts: no host key pinned yet, so the server will not run commands there. */
  unconfirmed?: boolean;
}

export interface HostGroup {
  source: ContainerSource;
  label: string;
  hosts: HostChoice[];
  /** Why this source's list could not be read; the other sources still show. */
  error: string | null;
}

/** The hosts of all three sources, grouped; one failing source never hides the others. */
export function loadHostGroups(api: HostsApi): Observable<HostGroup[]> {
  return forkJoin([
    group('docker-tcp', api.tcpHosts(), tcpChoice),
    group('docker-ssh', api.sshHosts(), sshChoice),
    group('agent', api.agentHosts(), agentChoice),
  ]);
}

function group<T>(source: ContainerSource, hosts: Observable<T[]>, toChoice: (host: T) => HostChoice): Observable<HostGroup> {
  return hosts.pipe(
    map((list) => ({ source, label: SOURCE_LABEL[source], hosts: list.map(toChoice), error: null })),
    catchError((error: unknown) => of({ source, label: SOURCE_LABEL[source], hosts: [], error: apiErrorMessage(error) })),
  );
}

function tcpChoice(host: TcpHost): HostChoice {
  const ref: HostRef = { source: 'docker-tcp', id: String(host.id) };
  return { ref, key: hostKey(ref), name: host.name, detail: host.url };
}

function sshChoice(host: SshHost): HostChoice {
  const ref: HostRef = { source: 'docker-ssh', id: String(host.id) };
  return {
    ref,
    key: hostKey(ref),
    name: host.name,
    detail: `${host.username}@${host.host}:${host.port}`,
    unconfirmed: !host.hostKeyConfirmed,
  };
}

function agentChoice(host: AgentHost): HostChoice {
  const ref: HostRef = { source: 'agent', id: host.hostId };
  const count = `${host.containerCount} container${host.containerCount === 1 ? '' : 's'}`;
  return {
    ref,
    key: hostKey(ref),
    name: host.hostId,
    detail: host.hostname && host.hostname !== host.hostId ? `${host.hostname} · ${count}` : count,
    receivedAt: host.receivedAt,
    stale: host.stale,
  };
}
