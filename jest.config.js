/**
 * Two projects, as in STYLE.md: `unit` runs pure, colocated *.test.ts files; `integration` runs
 * *.int.test.ts against real stand-ins that test/harness/global-setup.ts starts once per run.
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
};
const { transformIgnorePatterns, moduleNameMapper } = require('./test/harness/esm-in-node-modules.js');
const roots = ['<rootDir>/shared', '<rootDir>/functions', '<rootDir>/streamer', '<rootDir>/cdktf', '<rootDir>/dev', '<rootDir>/test', '<rootDir>/bench'];

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60_000,
  reporters: ['default', '<rootDir>/test/harness/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      roots,
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
      setupFiles: ['<rootDir>/test/harness/no-metadata-server.js'],
    },
    {
      displayName: 'integration',
      roots,
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
      testEnvironment: 'node',
      testMatch: ['**/*.int.test.ts'],
      globalSetup: '<rootDir>/test/harness/global-setup.ts',
      globalTeardown: '<rootDir>/test/harness/global-teardown.ts',
      setupFiles: ['<rootDir>/test/harness/no-metadata-server.js'],
      slowTestThreshold: 30,
    },
  ],
};
