/** Env keys whose values are secrets (SPEC §3): the same rule in the agent, ingest and the TCP/SSH sources. */
export const SECRET_ENV_KEY = /(PASS|SECRET|TOKEN|KEY|PRIVATE|CREDENTIAL)/i;
export const MASK = '********';

export interface EnvVar {
  key: string;
  value: string | null;
}

export function maskEnvValue(key: string, value: string | null): string | null {
  return SECRET_ENV_KEY.test(key) ? MASK : value;
}

export function maskEnv(env: EnvVar[]): EnvVar[] {
  return env.map(({ key, value }) => ({ key, value: maskEnvValue(key, value) }));
}

/** Docker's `KEY=value` strings (inspect's Config.Env) to masked pairs. */
export function parseDockerEnv(lines: readonly string[] | null | undefined): EnvVar[] {
  return (lines ?? []).map((line) => {
    const at = line.indexOf('=');
    const key = at < 0 ? line : line.slice(0, at);
    const value = at < 0 ? null : line.slice(at + 1);
    return { key, value: maskEnvValue(key, value) };
  });
}
