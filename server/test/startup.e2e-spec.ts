import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../src/configure-app';
import { createTestApp } from './test-app';

describe('start-up (e2e)', () => {
  it('refuses a data folder it cannot write, with the variable to fix', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'archnest-ro-'));
    const dir = join(parent, 'data');
    mkdirSync(dir);
    chmodSync(dir, 0o500);
    try {
      // root ignores file modes, so also prove it on a path that cannot be a folder.
      const file = join(parent, 'plain-file');
      writeFileSync(file, 'x');
      await expect(createApp({ ARCHNEST_DATA_DIR: join(file, 'data'), ARCHNEST_LOG_LEVEL: 'error' })).rejects.toThrow(
        /Data folder .* is not usable \((ENOTDIR|EACCES)\): set ARCHNEST_DATA_DIR/,
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('stops on a bad setting with one line naming it (through the real main.ts)', () => {
    const run = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, '../src/main.ts')], {
      env: { PATH: process.env.PATH, ARCHNEST_PORT: 'not-a-port', TS_NODE_PROJECT: join(__dirname, '../tsconfig.json') },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toMatch(/^ArchNest failed to start: Invalid configuration: ARCHNEST_PORT "not-a-port" must be an integer number$/m);
  });

  it('serves the console with an SPA fallback, and keeps /api paths JSON', async () => {
    const client = mkdtempSync(join(tmpdir(), 'archnest-client-'));
    writeFileSync(join(client, 'index.html'), '<!doctype html><title>ArchNest</title><app-root></app-root>');
    writeFileSync(join(client, 'main.js'), 'console.log(1)');
    const t = await createTestApp({ ARCHNEST_CLIENT_DIR: client });
    try {
      const index = await t.app.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(200);
      expect(index.body).toContain('<app-root>');
      const deep = await t.app.inject({ method: 'GET', url: '/containers/agent/host-1?tabs=abc' });
      expect(deep.statusCode).toBe(200);
      expect(deep.headers['content-type']).toContain('text/html');
      const asset = await t.app.inject({ method: 'GET', url: '/main.js' });
      expect(asset.body).toBe('console.log(1)');
      const missingAsset = await t.app.inject({ method: 'GET', url: '/missing.js' });
      expect(missingAsset.statusCode).toBe(404);
      const api = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
      expect(api.statusCode).toBe(404);
      expect(api.headers['content-type']).toContain('application/json');
    } finally {
      await t.close();
      rmSync(client, { recursive: true, force: true });
    }
  });
});
