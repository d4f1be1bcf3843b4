import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { timestampType } from '../column-types';

export class CreateDockerSshHosts1763856300000 implements MigrationInterface {
  name = 'CreateDockerSshHosts1763856300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'docker_ssh_hosts',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          { name: 'name', type: 'varchar', length: '64', isUnique: true },
          { name: 'host', type: 'varchar', length: '253' },
          { name: 'port', type: 'integer' },
          { name: 'username', type: 'varchar', length: '64' },
          { name: 'private_key_enc', type: 'text', isNullable: true },
          { name: 'passphrase_enc', type: 'text', isNullable: true },
          { name: 'password_enc', type: 'text', isNullable: true },
          { name: 'jump_host_id', type: 'integer', isNullable: true },
          { name: 'host_key_fingerprint', type: 'varchar', length: '64', isNullable: true },
          { name: 'revision', type: 'integer' },
          { name: 'created_at', type: ts, default: 'CURRENT_TIMESTAMP' },
          { name: 'updated_at', type: ts, default: 'CURRENT_TIMESTAMP' },
        ],
        // A host still used as a jump host cannot disappear under the hosts that tunnel through it.
        foreignKeys: [{ columnNames: ['jump_host_id'], referencedTableName: 'docker_ssh_hosts', referencedColumnNames: ['id'], onDelete: 'RESTRICT' }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('docker_ssh_hosts');
  }
}
