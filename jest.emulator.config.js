/**
 * `npm run test:emulator`: the round trips against moto in test/emulator only (apply, verify,
 * destroy, leftovers, apply again). Kept out of `npm test`, which they would slow by minutes.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/emulator'],
  testMatch: ['**/*.test.ts'],
  // Each suite starts its own moto; two at a time on the 2-core machines (terraform mostly waits).
  maxWorkers: 2,
  // Every step is a test with its own timeout; this covers beforeAll and the hooks.
  testTimeout: 600_000,
  verbose: true,
  transform: require('./jest.transform.js'),
  // After jest's own output: the list of what was skipped and why (a skipped test fails under CI).
  reporters: ['default', '<rootDir>/test/support/skip-reporter.cjs'],
};
