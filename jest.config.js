/**
 * `npm test`'s tier: the unit, Kubernetes, lab, guardrail and in-process command tests, the quick
 * feedback a contributor runs after every change. Tests that start terraform, the cdktf CLI or the
 * compiled commands (`*.integration.test.ts`) are `npm run test:integration`'s, and the round trips
 * against the AWS emulator `npm run test:emulator`'s; `.ci/run` runs all three.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/emulator/', '\\.integration\\.test\\.ts$'],
  // Two workers on the 2-core machines.
  maxWorkers: 2,
  transform: require('./jest.transform.js'),
  // After jest's own output: the list of what was skipped and why (a skipped test fails under CI).
  reporters: ['default', '<rootDir>/test/support/skip-reporter.cjs'],
};
