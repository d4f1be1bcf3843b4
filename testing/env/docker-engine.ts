// The real Docker engine and the two loopback doors the product's "Docker API"
// source needs: plain TCP (like tcp://host:2375) and TLS with client
// certificates (like https://host:2376), both relayed to the local socket by socat.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { readFileSync, readdirSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  componentError,
  ensureDir,
  pidsMatching,
  run,
  runOk,
  startDetached,
  stopPids,
  tailFile,
  waitUntil,
} from './processes';
import type { TlsFiles } from './tls';

export const DOCKER_SOCKET = '/var/run/docker.sock';
export const TCP_PORT = 23750;
export const TLS_PORT = 23760;
export const IMAGE = 'archnest-busybox:test';

type Get = (path: string) => Promise<{ status: number; body: string }>;

function collect(resolve: (v: { status: number; body: string }) => void, reject: (e: Error) => void) {
  return (res: IncomingMessage): void => {
    let body = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (body += chunk));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    res.on('error', reject);
  };
}

export const getUnix: Get = (path) =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ socketPath: DOCKER_SOCKET, path, timeout: 3_000 }, collect(resolve, reject));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });

export const getTcp: Get = (path) =>
  new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: TCP_PORT, path, timeout: 3_000 }, collect(resolve, reject));
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });

/** GET over TLS; pass no client pair to check that the endpoint refuses such callers. */
export function getTls(path: string, tls: { ca: string; cert?: string; key?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port: TLS_PORT, path, timeout: 5_000, ca: tls.ca, cert: tls.cert, key: tls.key, agent: false },
      collect(resolve, reject),
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

const answersPing = (get: () => Promise<{ status: number; body: string }>) => async (): Promise<boolean> => {
  try {
    const res = await get();
    return res.status === 200 && res.body === 'OK';
  } catch {
    return false;
  }
};

export async function ensureDockerEngine(logFile: string): Promise<void> {
  if (await answersPing(() => getUnix('/_ping'))()) return;
  const exists = await run('sh', ['-c', 'command -v dockerd']);
  if (exists.code !== 0) {
    throw componentError('Docker engine', `nothing answers on ${DOCKER_SOCKET} and dockerd is not installed (apt-get install docker.io)`);
  }
  const exited = startDetached('nohup', ['dockerd'], logFile);
  const outcome = await waitUntil(answersPing(() => getUnix('/_ping')), 60_000, exited);
  if (outcome !== 'ready') {
    const why = outcome === 'exited' ? `dockerd exited with code ${exited()}` : 'no answer within 60 s';
    throw componentError('Docker engine', `${why} on ${DOCKER_SOCKET}; log ${logFile}: ${tailFile(logFile)}`);
  }
}

/** Plain TCP relay; reused whenever something already answers Docker's ping on the port. */
export async function ensureTcpProxy(logFile: string): Promise<void> {
  const ping = answersPing(() => getTcp('/_ping'));
  if (await ping()) return;
  const listen = `TCP-LISTEN:${TCP_PORT},bind=127.0.0.1,fork,reuseaddr`;
  await stopPids(pidsMatching(listen));
  const exited = startDetached('socat', [listen, `UNIX-CONNECT:${DOCKER_SOCKET}`], logFile);
  await expectReady(`Docker TCP relay on tcp://127.0.0.1:${TCP_PORT}`, ping, exited, logFile);
}

/** TLS relay demanding a client certificate signed by the test CA; restarted when the certificates were remade. */
export async function ensureTlsProxy(files: TlsFiles, certificatesChanged: boolean, logFile: string): Promise<void> {
  const tls = { ca: readFileSync(files.ca, 'utf8'), cert: readFileSync(files.clientCert, 'utf8'), key: readFileSync(files.clientKey, 'utf8') };
  const ping = answersPing(() => getTls('/_ping', tls));
  if (!certificatesChanged && (await ping())) return;
  const listenPrefix = `OPENSSL-LISTEN:${TLS_PORT},`;
  const listen =
    `${listenPrefix}bind=127.0.0.1,fork,reuseaddr,verify=1,` +
    `cert=${files.serverCert},key=${files.serverKey},cafile=${files.ca}`;
  await stopPids(pidsMatching(listenPrefix));
  const exited = startDetached('socat', [listen, `UNIX-CONNECT:${DOCKER_SOCKET}`], logFile);
  await expectReady(`Docker TLS relay on https://127.0.0.1:${TLS_PORT}`, ping, exited, logFile);
}

async function expectReady(component: string, ping: () => Promise<boolean>, exited: () => number | null, logFile: string): Promise<void> {
  const outcome = await waitUntil(ping, 10_000, exited);
  if (outcome === 'ready') return;
  const why = outcome === 'exited' ? `socat exited with code ${exited()}` : 'no answer to /_ping within 10 s';
  throw componentError(component, `${why}; log ${logFile}: ${tailFile(logFile)}`);
}

/**
 * The test image: busybox-static and its applet links in an otherwise empty
 * root, imported from a tar because no registry is reachable here.
 */
export async function ensureImage(workDir: string): Promise<void> {
  const component = `image ${IMAGE}`;
  // An image of that name made some other way (no default CMD) is replaced, so every suite sees the same one.
  const existing = await run('docker', ['image', 'inspect', '-f', '{{json .Config.Cmd}}', IMAGE], { env: dockerEnv() });
  if (existing.code === 0 && existing.stdout.trim() === '["/bin/sh"]') return;
  const busybox = ['/bin/busybox', '/usr/bin/busybox'].find((path) => existsSync(path));
  if (!busybox) throw componentError(component, 'busybox is not installed (apt-get install busybox-static)');
  const rootfs = `${workDir}/rootfs`;
  rmSync(workDir, { recursive: true, force: true });
  ensureDir(`${rootfs}/bin`);
  for (const dir of ['tmp', 'etc', 'proc', 'sys', 'dev', 'root']) ensureDir(`${rootfs}/${dir}`);
  await runOk(component, 'cp', [busybox, `${rootfs}/bin/busybox`]);
  // `busybox --install -s` would write into the host's /bin, so the links are made by hand from its own list.
  const applets = (await runOk(component, busybox, ['--list-full'])).split('\n').filter(Boolean);
  for (const applet of applets) {
    const target = `${rootfs}/${applet}`;
    if (existsSync(target)) continue;
    ensureDir(dirname(target));
    symlinkSync('/bin/busybox', target);
  }
  if (readdirSync(`${rootfs}/bin`).length < 10) throw componentError(component, 'busybox --list-full gave almost no applets');
  const tar = `${workDir}/rootfs.tar`;
  await runOk(component, 'tar', ['-C', rootfs, '-cf', tar, '.']);
  await runOk(component, 'docker', ['import', '--change', 'CMD ["/bin/sh"]', tar, IMAGE], { env: dockerEnv() });
  rmSync(workDir, { recursive: true, force: true });
}

/** Pins the CLI to the local engine whatever DOCKER_HOST or context the caller's shell has. */
export function dockerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: `unix://${DOCKER_SOCKET}` };
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  return env;
}
