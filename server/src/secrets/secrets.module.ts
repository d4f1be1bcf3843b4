import { Global, Module } from '@nestjs/common';
import { SecretBox } from './secret-box.service';

/** Encryption at rest for host credentials, shared by the TCP and SSH sources. */
@Global()
@Module({ providers: [SecretBox], exports: [SecretBox] })
export class SecretsModule {}
