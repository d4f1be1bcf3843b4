// Hand-made JSON Web Tokens for the refusal tests: every way a token can be forged, expired or
// bent, signed with Node's own HMAC so nothing here depends on the library under test.
import { createHmac, generateKeyPairSync, sign as rsaSign } from 'node:crypto';

const b64 = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

export function hmacToken(header: object, payload: object, secret: string, hash: 'sha256' | 'sha512' = 'sha256'): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac(hash, secret).update(input).digest('base64url')}`;
}

/**
 * Tokens that must all be refused (401) by a server whose secret is `secret` and whose user
 * `sub` exists and is an active admin. Each comes with what is wrong with it.
 */
export function forgedTokens(secret: string, sub: number, valid: string): [string, string][] {
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub, username: 'admin', iat: now, exp: now + 3600 };
  const hs256 = { alg: 'HS256', typ: 'JWT' };
  const [h, p, s] = valid.split('.');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const rsInput = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(claims)}`;
  const flipped = s.slice(0, -2) + (s.at(-2) === 'A' ? 'B' : 'A') + s.at(-1);
  return [
    ['alg none, no signature', `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`],
    ['alg "None" (case games)', `${b64({ alg: 'None', typ: 'JWT' })}.${b64(claims)}.`],
    ['alg none with the real signature kept', `${b64({ alg: 'none', typ: 'JWT' })}.${p}.${s}`],
    ['expired a minute ago', hmacToken(hs256, { ...claims, iat: now - 7200, exp: now - 60 }, secret)],
    ['not valid before an hour from now', hmacToken(hs256, { ...claims, nbf: now + 3600 }, secret)],
    ['payload changed after signing (sub)', `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: sub + 1 })}.${s}`],
    ['payload changed after signing (role claim added)', `${h}.${b64({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), role: 'admin' })}.${s}`],
    ['signature changed', `${h}.${p}.${flipped}`],
    ['signature removed', `${h}.${p}.`],
    ['signed with another secret', hmacToken(hs256, claims, `${secret}-but-not-quite`)],
    ['HS512 with the right secret (algorithm not allowed)', hmacToken({ alg: 'HS512', typ: 'JWT' }, claims, secret, 'sha512')],
    ['RS256 signed by an unknown key', `${rsInput}.${rsaSign('sha256', Buffer.from(rsInput), privateKey).toString('base64url')}`],
    ['sub of a user that does not exist', hmacToken(hs256, { ...claims, sub: 987654 }, secret)],
    ['sub as a string', hmacToken(hs256, { ...claims, sub: String(sub) }, secret)],
    ['no sub at all', hmacToken(hs256, { username: 'admin', iat: now, exp: now + 3600 }, secret)],
    ['two tokens glued together', `${valid}.${valid}`],
    ['not base64', 'Zm9v.!!!.bar'],
  ];
}
