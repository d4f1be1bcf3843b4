import { BadGatewayException, ConflictException, GatewayTimeoutException, NotFoundException } from '@nestjs/common';
import { classifyEngineFailure, EngineError, toHttpException } from './engine-error';

const T = 'https://10.0.0.5:2376';
const failure = (props: object) => Object.assign(new Error(String((props as { message?: string }).message ?? 'x')), props);

describe('classifyEngineFailure', () => {
  it('maps engine HTTP answers', () => {
    expect(classifyEngineFailure(failure({ statusCode: 404, json: { message: 'No such container: web' } }), T)).toMatchObject({ kind: 'not-found', message: 'No such container: web' });
    expect(classifyEngineFailure(failure({ statusCode: 409, json: { message: 'is not running' } }), T).kind).toBe('conflict');
    expect(classifyEngineFailure(failure({ statusCode: 500, json: { message: 'Multiple IDs found with provided prefix: c' } }), T).kind).toBe('conflict');
    expect(classifyEngineFailure(failure({ statusCode: 500, json: Buffer.from('Container abc is not paused') }), T).kind).toBe('conflict');
    expect(classifyEngineFailure(failure({ statusCode: 500, json: { message: 'disk full' } }), T)).toMatchObject({ kind: 'engine', message: expect.stringContaining('HTTP 500: disk full') });
  });

  it.each([
    ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', /not signed by the configured CA/],
    ['SELF_SIGNED_CERT_IN_CHAIN', /not signed by the configured CA/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /not valid for this host name/],
    ['CERT_HAS_EXPIRED', /validity period/],
    ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', /refused the client certificate/],
    ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', /refused the client certificate/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', /does not speak TLS/],
    ['ERR_OSSL_X509_KEY_VALUES_MISMATCH', /upload the CA, certificate and key again/],
  ])('explains TLS failure %s', (code, message) => {
    expect(classifyEngineFailure(failure({ code }), T)).toMatchObject({ kind: 'tls', message: expect.stringMatching(message) });
  });

  it.each([
    ['ECONNREFUSED', /connection refused/],
    ['ENOTFOUND', /does not resolve/],
    ['EHOSTUNREACH', /no route/],
    ['ECONNRESET', /closed the connection/],
  ])('explains network failure %s', (code, message) => {
    expect(classifyEngineFailure(failure({ code }), T)).toMatchObject({ kind: 'unreachable', message: expect.stringMatching(message) });
  });

  it('keeps EngineErrors and shortens unknown failures to one line', () => {
    const known = new EngineError('timeout', 'slow');
    expect(classifyEngineFailure(known, T)).toBe(known);
    const odd = classifyEngineFailure(new Error('first line\nsecond line with a stack'), T);
    expect(odd).toMatchObject({ kind: 'engine', message: `The Docker engine at ${T} failed: first line` });
  });
});

describe('toHttpException', () => {
  it('gives each kind its status', () => {
    expect(toHttpException(new EngineError('not-found', 'x'))).toBeInstanceOf(NotFoundException);
    expect(toHttpException(new EngineError('conflict', 'x'))).toBeInstanceOf(ConflictException);
    expect(toHttpException(new EngineError('timeout', 'x'))).toBeInstanceOf(GatewayTimeoutException);
    for (const kind of ['unreachable', 'tls', 'engine'] as const) expect(toHttpException(new EngineError(kind, 'x'))).toBeInstanceOf(BadGatewayException);
    const other = new Error('not ours');
    expect(toHttpException(other)).toBe(other);
  });
});
