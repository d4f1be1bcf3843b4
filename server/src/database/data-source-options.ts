import { join } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import { migrations } from './migrations';

export interface DatabaseSettings {
  dataDir: string;
  databaseUrl?: string;
}

/** Entities register themselves through TypeOrmModule.forFeature (autoLoadEntities). */
export function dataSourceOptions(settings: DatabaseSettings, entities: DataSourceOptions['entities'] = []): DataSourceOptions {
  const common = { entities, migrations, migrationsRun: false, synchronize: false, logging: ['error'] as const };
  if (settings.databaseUrl) {
    return { ...common, type: 'postgres', url: settings.databaseUrl, logging: ['error'] };
  }
  return {
    ...common,
    type: 'sqlite',
    database: join(settings.dataDir, 'archnest.sqlite'),
    logging: ['error'],
    // Waits instead of failing with SQLITE_BUSY when another statement holds the write lock.
    busyTimeout: 5000,
  };
}
