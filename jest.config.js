/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The round trips against the AWS emulator take minutes: `npm run test:emulator` runs them.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/emulator/'],
  // Two workers on the 2-core machines: the offline terraform suite waits on child processes.
  maxWorkers: 2,
  transform: require('./jest.transform.js'),
};
