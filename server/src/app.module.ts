import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AgentIngestModule } from './agent-ingest/agent-ingest.module';
import { AgentReadModule } from './agent-read/agent-read.module';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { createValidationPipe } from './common/pipes/validation';
import { SpaIndex } from './common/spa-index';
import { configModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { DockerSshModule } from './docker-ssh/docker-ssh.module';
import { DockerTcpModule } from './docker-tcp/docker-tcp.module';
import { HealthModule } from './health/health.module';
import { SecretsModule } from './secrets/secrets.module';
import { UsersModule } from './users/users.module';

/** Feature modules. Each source of containers adds its module here. */
const FEATURES = [AuthModule, UsersModule, HealthModule, SecretsModule, AgentIngestModule, AgentReadModule, DockerTcpModule, DockerSshModule];

@Module({})
export class AppModule {
  /** `env` replaces process.env (tests pass their own so apps in one process stay apart). */
  static register(env?: Record<string, string | undefined>): DynamicModule {
    return {
      module: AppModule,
      imports: [configModule(env), DatabaseModule, ...FEATURES],
      providers: [
        SpaIndex,
        // Registered as APP_* providers so tests built from this module get the production set-up.
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
