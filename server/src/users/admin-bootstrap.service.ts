import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { randomBytes } from 'node:crypto';
import { setting } from '../config/app-config';
import { UsersService } from './users.service';

/**
 * First start with no users: create the admin from ARCHNEST_ADMIN_USERNAME/PASSWORD.
 * Without a configured password one is generated and printed once — there is deliberately
 * no unauthenticated set-up endpoint to race for.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('FirstStart');

  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const username = setting(this.config, 'ARCHNEST_ADMIN_USERNAME');
    const configured = setting(this.config, 'ARCHNEST_ADMIN_PASSWORD');
    const password = configured ?? randomBytes(12).toString('base64url');
    await this.users.create({ username, password, role: 'admin' });
    if (configured) {
      this.logger.log(`created admin '${username}' with the password from ARCHNEST_ADMIN_PASSWORD`);
    } else {
      // Printed once, on the only start that can know it; it is not stored anywhere in clear.
      this.logger.warn(
        [
          '',
          '==================================================================',
          ` ArchNest created the first admin: '${username}'`,
          ` Generated password (shown only now): ${password}`,
          ' Log in and change it under Users, or set ARCHNEST_ADMIN_PASSWORD.',
          '==================================================================',
        ].join('\n'),
      );
    }
  }
}
