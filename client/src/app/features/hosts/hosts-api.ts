import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable } from 'rxjs';

/** A push-agent host (`GET /api/agents/docker/hosts`). */
export interface AgentHost {
  hostId: string;
  hostname: string;
  agentVersion: string;
  /** The agent's clock at collection time. */
  reportedAt: string;
  /** The server's clock when the report arrived; staleness and data age come from this. */
  receivedAt: string;
  containerCount: number;
  stale: boolean;
  clockSkewMs?: number;
  clockSkewWarning?: boolean;
}

/** A Docker Engine API host; TLS material only as `has…` flags, never its value. */
export interface TcpHost {
  id: number;
  name: string;
  url: string;
  /** An https:// engine. */
  tls: boolean;
  /** A custom CA is stored (otherwise the system CAs verify the engine). */
  hasCa: boolean;
  /** A client certificate and its key are stored. */
  hasClientCert: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewTcpHost {
  name: string;
  url: string;
  ca?: string;
  cert?: string;
  key?: string;
}

/** Omitted fields stay; null clears a piece of TLS material. */
export type TcpHostChanges = Partial<{ name: string; url: string; ca: string | null; cert: string | null; key: string | null }>;

/** A Docker host reached over SSH; credentials only as `has…` flags. */
export interface SshHost {
  id: number;
  source: 'docker-ssh';
  name: string;
  host: string;
  port: number;
  username: string;
  hasPrivateKey: boolean;
  hasPassphrase: boolean;
  hasPassword: boolean;
  jumpHostId: number | null;
  hostKeyFingerprint: string | null;
  /** False until an admin pins a fingerprint: no docker command runs before. */
  hostKeyConfirmed: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface NewSshHost {
  name: string;
  host: string;
  port?: number;
  username: string;
  privateKey?: string;
  passphrase?: string;
  password?: string;
  jumpHostId?: number;
  hostKeyFingerprint?: string;
}

/** Omitted fields stay; null clears a credential, the jump host or the pinned fingerprint. */
export type SshHostChanges = Partial<{
  name: string;
  host: string;
  port: number;
  username: string;
  privateKey: string | null;
  passphrase: string | null;
  password: string | null;
  jumpHostId: number | null;
  hostKeyFingerprint: string | null;
}>;

/** What a connection test found; always a 200, `ok` says whether the host is usable. */
export interface HostTestResult {
  ok: boolean;
  message: string;
  /** SSH only: the key the server presented, to compare with `ssh-keygen -lf` before pinning. */
  presentedFingerprint?: string | null;
  pinnedFingerprint?: string | null;
  fingerprintMatches?: boolean | null;
}

const TCP = '/api/docker/hosts';
const SSH = '/api/docker-ssh/hosts';
const AGENTS = '/api/agents/docker/hosts';

/** The three host lists and their management calls (writes are admin-only on the server too). */
@Injectable({ providedIn: 'root' })
export class HostsApi {
  private readonly http = inject(HttpClient);

  agentHosts(): Observable<AgentHost[]> {
    return this.http.get<AgentHost[]>(AGENTS);
  }

  forgetAgent(hostId: string): Observable<void> {
    return this.http.delete<void>(`${AGENTS}/${encodeURIComponent(hostId)}`);
  }

  tcpHosts(): Observable<TcpHost[]> {
    return this.http.get<TcpHost[]>(TCP);
  }

  createTcp(host: NewTcpHost): Observable<TcpHost> {
    return this.http.post<TcpHost>(TCP, host);
  }

  updateTcp(id: number, changes: TcpHostChanges): Observable<TcpHost> {
    return this.http.patch<TcpHost>(`${TCP}/${id}`, changes);
  }

  removeTcp(id: number): Observable<void> {
    return this.http.delete<void>(`${TCP}/${id}`);
  }

  testTcp(id: number): Observable<HostTestResult> {
    return this.http.post<HostTestResult>(`${TCP}/${id}/test`, null);
  }

  sshHosts(): Observable<SshHost[]> {
    return this.http.get<SshHost[]>(SSH);
  }

  createSsh(host: NewSshHost): Observable<SshHost> {
    return this.http.post<SshHost>(SSH, host);
  }

  updateSsh(id: number, changes: SshHostChanges): Observable<SshHost> {
    return this.http.patch<SshHost>(`${SSH}/${id}`, changes);
  }

  removeSsh(id: number): Observable<void> {
    return this.http.delete<void>(`${SSH}/${id}`);
  }

  testSsh(id: number): Observable<HostTestResult> {
    return this.http.post<HostTestResult>(`${SSH}/${id}/test`, null);
  }
}
