import { join } from 'node:path';
import sqlite3 from 'sqlite3';
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
    // TypeORM calls sqlite3.verbose(), whose long-stack-trace wrappers run util.inspect over every
    // bound parameter of every call; with a 67 KB agent report that formatting cost more than the
    // write itself (docs/performance.md). The same module, with verbose() a no-op.
    driver: Object.assign(Object.create(sqlite3) as object, { verbose: () => sqlite3 }),
  };
}
