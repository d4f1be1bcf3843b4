import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ExecGateway } from './exec-gateway.service';

/**
 * Interactive terminals over WebSocket, shared by the Docker API and SSH sources: each
 * imports this module and registers its path on ExecGateway in onModuleInit. Upgrades are
 * authenticated by AuthService, with the same token and user rules as the HTTP guard.
 */
@Module({
  imports: [AuthModule],
  providers: [ExecGateway],
  exports: [ExecGateway],
})
export class ExecModule {}
