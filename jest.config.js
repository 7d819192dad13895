// One Jest run, three kinds of tests (see docs/architecture.md, "Tests"):
//   unit         *.spec.ts      pure, no I/O
//   integration  *.int.spec.ts  the real PostgreSQL and the real Kafka broker
//   e2e          *.e2e.spec.ts  the whole system started as separate processes
const preset = require('./jest.preset.js');
const ignore = ['/node_modules/', '/dist/', '/.cache/'];

module.exports = {
  globalSetup: '<rootDir>/tools/jest/global-setup.js',
  globalTeardown: '<rootDir>/tools/jest/global-teardown.js',
  testTimeout: 120000,
  projects: [
    { ...preset, displayName: 'unit', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'], testPathIgnorePatterns: [...ignore, '\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'] },
    { ...preset, displayName: 'integration', rootDir: __dirname, testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int.spec.ts'], testPathIgnorePatterns: ignore },
    { ...preset, displayName: 'e2e', rootDir: __dirname, testMatch: ['<rootDir>/apps/**/*.e2e.spec.ts'], testPathIgnorePatterns: ignore },
  ],
};
