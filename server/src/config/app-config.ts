import type { ConfigService } from '@nestjs/config';
import type { Environment } from './environment';

/** Typed read of one validated setting (the validated Environment is the only source). */
export function setting<K extends keyof Environment>(config: ConfigService, key: K): Environment[K] {
  return config.get(key) as Environment[K];
}
