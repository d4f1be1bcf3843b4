import { ConfigModule } from '@nestjs/config';
import { validateEnvironment } from './environment';

/**
 * Global configuration. `source` defaults to process.env; tests pass their own map so
 * two apps in one process never share settings.
 */
export function configModule(source?: Record<string, string | undefined>) {
  return ConfigModule.forRoot({
    isGlobal: true,
    ignoreEnvFile: true,
    // Read only the validated, typed values, never raw process.env.
    skipProcessEnv: true,
    validate: (fromProcess) => validateEnvironment(source ?? fromProcess),
  });
}
