// Unit tests of the console. Run through Node's ESM loader
// (`node --experimental-vm-modules node_modules/jest/bin/jest.js -c client/jest.config.js`)
// because Angular ships ESM-only packages.
const { createEsmPreset } = require('jest-preset-angular/presets');

/** @type {import('jest').Config} */
module.exports = {
  ...createEsmPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'client',
  rootDir: __dirname,
  // The preset's 'jsdom' needs jest-environment-jsdom; this one wraps the jsdom we have.
  testEnvironment: 'jest-preset-angular/environments/jest-jsdom-env',
  setupFilesAfterEnv: ['<rootDir>/setup-jest.ts'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  restoreMocks: true,
  moduleNameMapper: {
    tslib: 'tslib/tslib.es6.js',
  },
  cacheDirectory: '<rootDir>/../node_modules/.cache/jest-client',
};
