import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { timestampType } from '../column-types';

export class CreateUsers1763856000000 implements MigrationInterface {
  name = 'CreateUsers1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'username', type: 'varchar', length: '64', isUnique: true },
          { name: 'password_hash', type: 'varchar', length: '255' },
          { name: 'role', type: 'varchar', length: '16' },
          { name: 'active', type: 'boolean', default: true },
          { name: 'created_at', type: ts, default: 'CURRENT_TIMESTAMP' },
          { name: 'last_login_at', type: ts, isNullable: true },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('users');
  }
}
