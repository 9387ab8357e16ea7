/** Unit and integration tests run on real models; the E2E suite drives Debian chromium. */
module.exports = {
  testEnvironment: '<rootDir>/test/jest-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  // Model sessions and chromium take seconds to start on a 2-core machine.
  testTimeout: 120000,
  // `npm test` runs test/e2e apart, after the rest and one file at a time: the liveness
  // sessions there hold the page's frames to main's 1 s latency limit, which a second worker
  // running models beside them on 2 cores made them miss (frame-late refusals in CI).
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
};
