// Agent tests: the real bash script against the real Docker engine, curl and
// a loopback HTTP server. Run with
//   node --experimental-vm-modules node_modules/jest/bin/jest.js -c agent/jest.config.js
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node10',
          target: 'ES2023',
          lib: ['ES2023'],
          types: ['node', 'jest'],
          strict: true,
          esModuleInterop: true,
          skipLibCheck: true,
          ignoreDeprecations: '6.0',
        },
      },
    ],
  },
  // Each run of the script waits about two seconds for docker's stats sample.
  testTimeout: 60_000,
};
