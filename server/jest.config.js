/**
 * Server tests: unit specs beside the code (src/**\/*.spec.ts) and e2e specs in test/
 * (*.e2e-spec.ts) that boot the real app through the Fastify adapter on a real SQLite file.
 * Run through `npm run test:server` (node --experimental-vm-modules: NestJS 12 is ESM-only).
 */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        tsconfig: '<rootDir>/tsconfig.json',
        // The same Swagger CLI plugin as `nest build`, so the tested OpenAPI document is the shipped one.
        astTransformers: { before: ['<rootDir>/test/swagger-transformer.js'] },
        diagnostics: { warnOnly: false },
      },
    ],
  },
  globalSetup: '<rootDir>/../testing/global-setup.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
