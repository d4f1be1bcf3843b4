import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { setting } from './config/app-config';
import { createApp } from './configure-app';

async function main(): Promise<void> {
  const app = await createApp();
  const config = app.get(ConfigService);
  const port = setting(config, 'ARCHNEST_PORT');
  const host = setting(config, 'ARCHNEST_HOST');
  await app.listen(port, host);
  new Logger('ArchNest').log(`listening on http://${host}:${port} (API under /api, docs at /api/docs)`);
}

main().catch((error: unknown) => {
  // One line, no stack: start-up errors here are configuration or environment problems.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ArchNest failed to start: ${message}\n`);
  process.exit(1);
});
