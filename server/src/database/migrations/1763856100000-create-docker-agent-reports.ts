import { MigrationInterface, QueryRunner, Table, TableIndex } from 'typeorm';
import { timestampType } from '../column-types';

/**
 * The latest push-agent report per host. `report` (60+ KB of JSON) stays the last column on
 * purpose, and the hosts list is answered from a covering index of the small columns alone, so
 * listing 10,000 hosts never reads a table row (whose page is mostly the start of a report).
 */
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
    await queryRunner.createIndex(
      'docker_agent_reports',
      new TableIndex({
        name: 'docker_agent_reports_hosts_list',
        columnNames: ['host_id', 'hostname', 'agent_version', 'container_count', 'reported_at', 'received_at'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('docker_agent_reports', 'docker_agent_reports_hosts_list');
    await queryRunner.dropTable('docker_agent_reports');
  }
}
