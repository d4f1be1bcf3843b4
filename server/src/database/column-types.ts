import type { QueryRunner } from 'typeorm';

/** Migrations are written once for SQLite and PostgreSQL; only the timestamp type differs. */
export function timestampType(queryRunner: QueryRunner): string {
  return queryRunner.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
}
