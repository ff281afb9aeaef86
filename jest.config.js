/**
 * Two projects, as docs/conventions.md says: `unit` runs pure, colocated *.test.ts files; `integration` runs
 * *.int.test.ts against real stand-ins that test/harness/global-setup.ts starts once per run.
 */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
  ],
};
const { transformIgnorePatterns, moduleNameMapper } = require('./test/harness/esm-in-node-modules.js');
// Only folders that exist: jest refuses a missing root, and bench/ or streamer/ may not be there yet.
const roots = ['shared', 'functions', 'streamer', 'cdktf', 'dev', 'test', 'bench']
  .filter((dir) => require('node:fs').existsSync(require('node:path').join(__dirname, dir)))
  .map((dir) => `<rootDir>/${dir}`);

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
