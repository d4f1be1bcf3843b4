/**
 * Browser end-to-end tests: the built product (`npm run build` first) runs as
 * a child process and Debian's Chromium drives the console through
 * playwright-core. Slow by nature, so one file at a time with long timeouts.
 * Run: node --experimental-vm-modules node_modules/jest/bin/jest.js -c e2e/jest.config.js
 */
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  // The real Docker engine, test image and sshd the containers and hosts specs need.
  globalSetup: '<rootDir>/../testing/global-setup.ts',
  testTimeout: 90_000,
  maxWorkers: 1,
};
