import { ConfigService } from '@nestjs/config';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnvironment } from '../config/environment';
import { SecretBox } from './secret-box.service';

const boxFor = (raw: Record<string, string>) => new SecretBox(new ConfigService(validateEnvironment(raw) as unknown as Record<string, unknown>));

describe('SecretBox', () => {
  it('round-trips and never stores the plain text', () => {
    const box = boxFor({ ARCHNEST_SECRET_KEY: 'ab'.repeat(32) });
    const sealed = box.encrypt('-----BEGIN PRIVATE KEY-----hunter2');
    expect(sealed).not.toContain('hunter2');
    expect(sealed).not.toEqual(box.encrypt('-----BEGIN PRIVATE KEY-----hunter2'));
    expect(box.decrypt(sealed)).toBe('-----BEGIN PRIVATE KEY-----hunter2');
  });

  it('refuses a value sealed with another key or tampered with', () => {
    const sealed = boxFor({ ARCHNEST_SECRET_KEY: 'ab'.repeat(32) }).encrypt('secret');
    expect(() => boxFor({ ARCHNEST_SECRET_KEY: 'cd'.repeat(32) }).decrypt(sealed)).toThrow(/cannot be decrypted/);
    const parts = sealed.split(':');
    parts[3] = Buffer.from('other').toString('base64');
    expect(() => boxFor({ ARCHNEST_SECRET_KEY: 'ab'.repeat(32) }).decrypt(parts.join(':'))).toThrow(/cannot be decrypted/);
  });

  it('generates a key file (mode 600) once and reuses it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'archnest-box-'));
    const sealed = boxFor({ ARCHNEST_DATA_DIR: dir }).encrypt('value');
    expect(statSync(join(dir, 'secret-key')).mode & 0o777).toBe(0o600);
    const key = readFileSync(join(dir, 'secret-key'), 'utf8');
    expect(boxFor({ ARCHNEST_DATA_DIR: dir }).decrypt(sealed)).toBe('value');
    expect(readFileSync(join(dir, 'secret-key'), 'utf8')).toBe(key);
  });
});
