// Unit tests sit beside the code (src, *.spec.ts); integration and e2e tests under test/ use a real database;
// browser tests (test/browser, *.browser.ts) drive the built web UI in headless chromium against the whole service.
const { availableParallelism } = require('node:os');

const tsJest = ['ts-jest', {}];

module.exports = {
  testTimeout: 120000,
  // Jest's default (one worker less than the cores) runs everything in one process on a 2-core machine, yet an
  // integration test spends most of its time waiting for PostgreSQL, a CLI child or chromium: two files at once.
  maxWorkers: Math.max(2, availableParallelism() - 1),
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.spec.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
    {
      displayName: 'browser',
      testEnvironment: 'node',
      roots: ['<rootDir>/test/browser'],
      testMatch: ['**/*.browser.ts'],
      transform: { '^.+\\.ts$': tsJest },
      globalSetup: '<rootDir>/test/browser/global-setup.ts',
      globalTeardown: '<rootDir>/test/browser/global-teardown.ts',
    },
  ],
};
