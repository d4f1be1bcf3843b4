import { CreateUsers1763856000000 } from './1763856000000-create-users';
import { CreateDockerAgentReports1763856100000 } from './1763856100000-create-docker-agent-reports';
import { CreateDockerTcpHosts1763856200000 } from './1763856200000-create-docker-tcp-hosts';
import { CreateDockerSshHosts1763856300000 } from './1763856300000-create-docker-ssh-hosts';

/**
 * Every migration, in order. Listed explicitly (no glob) so the same list works from
 * the compiled server, ts-jest and the TypeORM CLI.
 */
export const migrations = [CreateUsers1763856000000, CreateDockerAgentReports1763856100000, CreateDockerTcpHosts1763856200000, CreateDockerSshHosts1763856300000];
