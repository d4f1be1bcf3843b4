import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadTestEnv } from '../../../testing/test-env';
import { fingerprintOf, privateKeyProblem } from './ssh.client';

const { ssh } = loadTestEnv();
const SSH_DIR = '/tmp/archnest-test-env/ssh';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('ssh.client', () => {
  it('computes fingerprints exactly as ssh-keygen -lf prints them', () => {
    for (const pub of [`${SSH_DIR}/target/ssh_host_ed25519_key.pub`, `${SSH_DIR}/jump/ssh_host_ed25519_key.pub`, `${ssh.privateKeyPath}.pub`, `${SSH_DIR}/client/id_rsa_pem.pub`]) {
      const blob = Buffer.from(readFileSync(pub, 'utf8').trim().split(/\s+/)[1], 'base64');
      const openssh = execFileSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', pub]).toString().split(' ')[1];
      expect(fingerprintOf(blob)).toBe(openssh);
    }
    expect(fingerprintOf(Buffer.alloc(0))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });

  it('says why a private key cannot be used', () => {
    expect(privateKeyProblem(ssh.privateKey)).toBeNull();
    expect(privateKeyProblem(ssh.rsaPrivateKey, ssh.rsaPassphrase)).toBeNull();
    expect(privateKeyProblem(ssh.rsaPrivateKey)).toBe('the private key is encrypted: give its passphrase');
    expect(privateKeyProblem(ssh.rsaPrivateKey, 'wrong')).toBe('the private key cannot be decrypted with this passphrase');
    expect(privateKeyProblem(readFileSync(`${ssh.privateKeyPath}.pub`, 'utf8'))).toBe('this is a public key; give the private key');
    expect(privateKeyProblem('-----BEGIN NONSENSE-----')).toMatch(/^the private key cannot be read/);
  });

  it('is the only file of the server that imports ssh2', () => {
    const root = join(__dirname, '..');
    const importers = files(root)
      .filter((path) => path.endsWith('.ts') && /from ['"]ssh2['"]|require\(['"]ssh2['"]\)|import\(['"]ssh2['"]\)/.test(readFileSync(path, 'utf8')))
      .map((path) => relative(root, path));
    expect(importers).toEqual(['docker-ssh/ssh.client.ts']);
  });
});
