// A private PostgreSQL cluster on loopback for the tests that prove the server's entities
// and migrations are portable (SPEC §7: several instances share PostgreSQL).
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { componentError, ensureDir, run, startDetached, tailFile, waitUntil } from './processes';

export const POSTGRES_PORT = 25432;
const COMPONENT = `postgresql on 127.0.0.1:${POSTGRES_PORT}`;

function binDir(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw componentError(COMPONENT, 'no server binaries under /usr/lib/postgresql (apt-get install postgresql)');
  return `${base}/${versions[0]}/bin`;
}

async function answers(): Promise<boolean> {
  const probe = await run('pg_isready', ['-h', '127.0.0.1', '-p', String(POSTGRES_PORT)], { timeoutMs: 5_000 });
  return probe.code === 0;
}

/** Starts (or reuses) the cluster and returns a superuser URL without a database name. */
export async function ensurePostgres(dir: string, logFile: string): Promise<string> {
  const url = `postgres://postgres@127.0.0.1:${POSTGRES_PORT}`;
  if (await answers()) return url;
  const bin = binDir();
  ensureDir(dir, 0o755);
  const data = `${dir}/data`;
  // initdb and postgres refuse to run as root: the cluster belongs to the postgres user.
  const uid = Number((await run('id', ['-u', 'postgres'])).stdout.trim());
  const gid = Number((await run('id', ['-g', 'postgres'])).stdout.trim());
  if (!Number.isInteger(uid)) throw componentError(COMPONENT, 'there is no postgres user (apt-get install postgresql)');
  chownSync(dir, uid, gid);
  if (!existsSync(`${data}/PG_VERSION`)) {
    const init = await run('runuser', ['-u', 'postgres', '--', `${bin}/initdb`, '-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync'], { timeoutMs: 120_000 });
    if (init.code !== 0) throw componentError(COMPONENT, `initdb failed: ${init.stderr.trim().slice(-500)}`);
  }
  const exited = startDetached('runuser', ['-u', 'postgres', '--', `${bin}/postgres`, '-D', data, '-p', String(POSTGRES_PORT), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`, '-c', 'fsync=off'], logFile);
  const state = await waitUntil(answers, 30_000, exited);
  if (state !== 'ready') throw componentError(COMPONENT, `did not start (${state}); log ${logFile}: ${tailFile(logFile)}`);
  return url;
}
