import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtModule } from '@nestjs/jwt';
import { jwtSecret } from '../auth/jwt-secret';
import { UsersModule } from '../users/users.module';
import { ExecGateway } from './exec-gateway.service';

/**
 * Interactive terminals over WebSocket, shared by the Docker API and SSH sources: each
 * imports this module and registers its path on ExecGateway in onModuleInit.
 */
@Module({
  imports: [
    UsersModule,
    // Verification only, with the same secret and algorithm as the login tokens.
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({ secret: jwtSecret(config), verifyOptions: { algorithms: ['HS256'] } }),
    }),
  ],
  providers: [ExecGateway],
  exports: [ExecGateway],
})
export class ExecModule {}
