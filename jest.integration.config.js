/**
 * `npm run test:integration`: the tests that run real programs (`*.integration.test.ts`): the
 * offline terraform init/validate/plan against the mirrored AWS provider (and the S3 state lock against
 * a fake S3), the project's cdktf CLI on the real app, the compiled commands and bin entries, the app
 * through cdktf.json's command, and two synths in separate processes.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.integration.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/emulator/'],
  // Two workers on the 2-core machines: terraform and the CLIs run as child processes.
  maxWorkers: 2,
  transform: require('./jest.transform.js'),
  // After jest's own output: the list of what was skipped and why (a skipped test fails under CI).
  reporters: ['default', '<rootDir>/test/support/skip-reporter.cjs'],
};
