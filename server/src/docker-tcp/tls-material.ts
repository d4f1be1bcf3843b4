import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';

/** Bounds of uploaded PEM text: a CA bundle of a few certificates, one client certificate, one key. */
export const PEM_LIMITS = { ca: 64 * 1024, cert: 16 * 1024, key: 16 * 1024 } as const;
export const PEM_SHAPE = /^\s*-----BEGIN [A-Z0-9 ]{1,40}-----\r?\n[A-Za-z0-9+/=\r\n:,\- ]+-----END [A-Z0-9 ]{1,40}-----\s*$/;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export interface TlsMaterial {
  ca?: string | null;
  cert?: string | null;
  key?: string | null;
}

/**
 * Checks that the PEM text really is what each field claims, with Node's own parsers, and that
 * the client certificate and key belong together: a mistake is a 400 at registration, not an
 * obscure handshake failure later. Returns the problems as `{ path, message }` (empty = fine).
 */
export function checkTlsMaterial(material: TlsMaterial): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (material.ca) {
    const blocks = material.ca.match(CERT_BLOCK) ?? [];
    if (blocks.length === 0) problems.push({ path: 'ca', message: 'ca must hold one or more PEM certificates (-----BEGIN CERTIFICATE-----)' });
    for (const block of blocks) {
      if (!parseCertificate(block)) {
        problems.push({ path: 'ca', message: 'ca holds a certificate that cannot be parsed' });
        break;
      }
    }
  }
  const cert = material.cert ? parseCertificate(material.cert.match(CERT_BLOCK)?.[0] ?? '') : null;
  if (material.cert && !cert) problems.push({ path: 'cert', message: 'cert must be a PEM client certificate (-----BEGIN CERTIFICATE-----)' });
  let key: KeyObject | null = null;
  if (material.key) {
    if (/ENCRYPTED/.test(material.key)) {
      problems.push({ path: 'key', message: 'key is encrypted with a passphrase; upload the unencrypted key (it is encrypted at rest here)' });
    } else {
      key = parsePrivateKey(material.key);
      if (!key) problems.push({ path: 'key', message: 'key must be a PEM private key (-----BEGIN PRIVATE KEY----- or an RSA/EC key)' });
    }
  }
  if (Boolean(material.cert) !== Boolean(material.key)) {
    problems.push({ path: material.cert ? 'key' : 'cert', message: 'cert and key go together: a client certificate needs its private key' });
  } else if (cert && key && !cert.checkPrivateKey(key)) {
    problems.push({ path: 'key', message: 'key does not belong to cert' });
  }
  return problems;
}

function parseCertificate(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

function parsePrivateKey(pem: string): KeyObject | null {
  try {
    return createPrivateKey({ key: pem, format: 'pem' });
  } catch {
    return null;
  }
}
