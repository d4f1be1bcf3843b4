import type { IncomingMessage } from 'node:http';
import { offeredProtocols, originAllowed, parseAllowedOrigins, upgradeToken } from './upgrade-checks';

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2lnbmF0dXJl';
const request = (protocol?: string) => ({ headers: protocol === undefined ? {} : { 'sec-websocket-protocol': protocol } }) as IncomingMessage;

describe('upgrade checks', () => {
  it('reads the token from the bearer subprotocol first, then from ?token=', () => {
    expect(upgradeToken(request(`archnest.exec.v1, bearer.${JWT}`), new URLSearchParams())).toBe(JWT);
    expect(upgradeToken(request(), new URLSearchParams({ token: JWT }))).toBe(JWT);
    expect(upgradeToken(request(`bearer.${JWT}`), new URLSearchParams({ token: 'x.y.z' }))).toBe(JWT);
  });

  it('refuses missing and malformed tokens', () => {
    expect(upgradeToken(request(), new URLSearchParams())).toBeNull();
    expect(upgradeToken(request('bearer.'), new URLSearchParams())).toBeNull();
    expect(upgradeToken(request(), new URLSearchParams({ token: 'not a jwt' }))).toBeNull();
    expect(upgradeToken(request(), new URLSearchParams({ token: `${'a'.repeat(5000)}.b.c` }))).toBeNull();
  });

  it('lists offered subprotocols', () => {
    expect(offeredProtocols(request(' a ,b,, c'))).toEqual(['a', 'b', 'c']);
    expect(offeredProtocols(request())).toEqual([]);
  });

  it('allows the same host, listed origins and non-browser clients; refuses other sites', () => {
    const allowed = parseAllowedOrigins(' https://console.example.com , http://10.0.0.9:8080/ ');
    expect(allowed).toEqual(['https://console.example.com', 'http://10.0.0.9:8080/']);
    expect(originAllowed('http://archnest.lan:4000', 'archnest.lan:4000', [])).toBe(true);
    expect(originAllowed('https://ARCHNEST.lan', 'archnest.lan', [])).toBe(true);
    expect(originAllowed(undefined, 'archnest.lan:4000', [])).toBe(true);
    expect(originAllowed('https://console.example.com', 'archnest.lan:4000', allowed)).toBe(true);
    expect(originAllowed('http://10.0.0.9:8080', 'archnest.lan:4000', allowed)).toBe(true);
    expect(originAllowed('http://archnest.lan:4001', 'archnest.lan:4000', allowed)).toBe(false);
    expect(originAllowed('https://evil.example.com', 'archnest.lan:4000', allowed)).toBe(false);
    expect(originAllowed('null', 'archnest.lan:4000', allowed)).toBe(false);
    expect(originAllowed('file://x', 'x', allowed)).toBe(false);
  });
});
