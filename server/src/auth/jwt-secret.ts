import { ConfigService } from '@nestjs/config';
import { setting } from '../config/app-config';
import { loadOrCreateSecretFile, prepareDataDir } from '../config/data-dir';

/** ARCHNEST_JWT_SECRET, or a random one generated once and kept in the data folder (mode 600). */
export function jwtSecret(config: ConfigService): string {
  const configured = setting(config, 'ARCHNEST_JWT_SECRET');
  if (configured) return configured;
  return loadOrCreateSecretFile(prepareDataDir(setting(config, 'ARCHNEST_DATA_DIR')), 'jwt-secret', 48).toString('hex');
}
