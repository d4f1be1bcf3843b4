import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** Used only by the TypeORM CLI (`npm run migration:*`); the server builds its own. */
export default new DataSource(
  dataSourceOptions(
    { dataDir: process.env.ARCHNEST_DATA_DIR ?? './data', databaseUrl: process.env.DATABASE_URL },
    [__dirname + '/../**/*.entity.{ts,js}'],
  ),
);
