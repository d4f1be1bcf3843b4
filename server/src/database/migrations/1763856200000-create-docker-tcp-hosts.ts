import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { timestampType } from '../column-types';

export class CreateDockerTcpHosts1763856200000 implements MigrationInterface {
  name = 'CreateDockerTcpHosts1763856200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'docker_tcp_hosts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '64', isUnique: true },
          { name: 'url', type: 'varchar', length: '300' },
          // AES-256-GCM sealed PEM text (SecretBox), never plain.
          { name: 'ca_sealed', type: 'text', isNullable: true },
          { name: 'cert_sealed', type: 'text', isNullable: true },
          { name: 'key_sealed', type: 'text', isNullable: true },
          { name: 'created_at', type: ts, default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('docker_tcp_hosts');
  }
}
