// TLS material for the Docker API endpoint with client certificates: one CA
// signing a server certificate (valid for 127.0.0.1 and localhost) and a
// client certificate, all made with the openssl CLI like an operator would.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { ensureDir, runOk } from './processes';

export interface TlsFiles {
  dir: string;
  ca: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
}

export function tlsFiles(dir: string): TlsFiles {
  return {
    dir,
    ca: `${dir}/ca.pem`,
    caKey: `${dir}/ca-key.pem`,
    serverCert: `${dir}/server-cert.pem`,
    serverKey: `${dir}/server-key.pem`,
    clientCert: `${dir}/client-cert.pem`,
    clientKey: `${dir}/client-key.pem`,
  };
}

const COMPONENT = 'TLS material (openssl)';
// P-256 keys: quick to generate and accepted by OpenSSL, socat and Node alike.
const NEW_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

/** Makes the CA and both certificates unless all files exist; returns true when it (re)generated them. */
export async function ensureTlsMaterial(dir: string): Promise<boolean> {
  const files = tlsFiles(dir);
  const needed = [files.ca, files.caKey, files.serverCert, files.serverKey, files.clientCert, files.clientKey];
  if (needed.every((path) => existsSync(path))) return false;

  // A half-made set (interrupted run) is thrown away: mixing CAs would fail confusingly later.
  rmSync(dir, { recursive: true, force: true });
  ensureDir(dir, 0o700);
  await runOk(COMPONENT, 'openssl', [
    'req', '-x509', ...NEW_KEY, '-keyout', files.caKey, '-out', files.ca, '-days', '3650',
    '-subj', '/CN=ArchNest test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE',
    '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await signLeaf(files, 'server', '/CN=localhost', [
    'extendedKeyUsage=serverAuth',
    'subjectAltName=IP:127.0.0.1,DNS:localhost',
  ]);
  await signLeaf(files, 'client', '/CN=archnest-test-client', ['extendedKeyUsage=clientAuth']);
  return true;
}

async function signLeaf(files: TlsFiles, name: 'server' | 'client', subject: string, extensions: string[]): Promise<void> {
  const keyPath = name === 'server' ? files.serverKey : files.clientKey;
  const certPath = name === 'server' ? files.serverCert : files.clientCert;
  const csrPath = `${files.dir}/${name}.csr`;
  const extPath = `${files.dir}/${name}.ext`;
  writeFileSync(
    extPath,
    ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', ...extensions].join('\n') + '\n',
  );
  await runOk(COMPONENT, 'openssl', ['req', '-new', ...NEW_KEY, '-keyout', keyPath, '-out', csrPath, '-subj', subject]);
  await runOk(COMPONENT, 'openssl', [
    'x509', '-req', '-in', csrPath, '-CA', files.ca, '-CAkey', files.caKey,
    '-set_serial', `0x${randomBytes(8).toString('hex')}`, '-days', '825', '-out', certPath, '-extfile', extPath,
  ]);
  rmSync(csrPath);
  rmSync(extPath);
}
