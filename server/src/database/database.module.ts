import { Logger, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { setting } from '../config/app-config';
import { prepareDataDir } from '../config/data-dir';
import { dataSourceOptions } from './data-source-options';

/**
 * One database for the whole app: SQLite in the data folder by default, PostgreSQL when
 * DATABASE_URL is set. Migrations run at start-up, so a fresh folder is ready on first boot.
 */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        ...dataSourceOptions({ dataDir: prepareDataDir(setting(config, 'ARCHNEST_DATA_DIR')), databaseUrl: setting(config, 'DATABASE_URL') }),
        autoLoadEntities: true,
        // A broken database should stop start-up at once with its reason, not retry for minutes.
        retryAttempts: 0,
      }),
      dataSourceFactory: async (options) => {
        const dataSource = await new DataSource(options!).initialize();
        if (dataSource.options.type === 'sqlite') {
          // WAL lets readers run beside the single writer; NORMAL is durable with WAL and much faster than FULL.
          await dataSource.query('PRAGMA journal_mode = WAL');
          await dataSource.query('PRAGMA synchronous = NORMAL');
          await dataSource.query('PRAGMA foreign_keys = ON');
        }
        const applied = await dataSource.runMigrations({ transaction: 'each' });
        if (applied.length > 0) {
          new Logger('Database').log(`applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}`);
        }
        return dataSource;
      },
    }),
  ],
})
export class DatabaseModule {}
