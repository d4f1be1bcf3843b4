// Jest globalSetup: brings the shared test environment up once per jest run.
// A failure here stops the run with the component's name instead of letting
// every test fail on its own with a connection error.
import { ensureTestEnv } from './test-env';

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  await ensureTestEnv();
  console.log(`\ntest-env ready in ${Date.now() - started} ms`);
}
