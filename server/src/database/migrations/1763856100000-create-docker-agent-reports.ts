import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { timestampType } from '../column-types';

/** The latest push-agent report per host. `report` (60+ KB of JSON) stays the last column on purpose. */
export class CreateDockerAgentReports1763856100000 implements MigrationInterface {
  name = 'CreateDockerAgentReports1763856100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const ts = timestampType(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'docker_agent_reports',
        columns: [
          { name: 'host_id', type: 'varchar', length: '128', isPrimary: true },
          { name: 'hostname', type: 'varchar', length: '255' },
          { name: 'agent_version', type: 'varchar', length: '32' },
          { name: 'container_count', type: 'integer' },
          { name: 'reported_at', type: ts },
          { name: 'received_at', type: ts },
          { name: 'report', type: 'text' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('docker_agent_reports');
  }
}
