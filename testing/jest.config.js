// Jest config for the shared test environment's own tests (testing/).
/** @type {import('jest').Config} */
module.exports = {
  displayName: 'testing',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
  globalSetup: '<rootDir>/global-setup.ts',
  // Real daemons and real ssh round trips: seconds, not milliseconds.
  testTimeout: 60_000,
};
