/** Tests run through @swc/jest (fast, no type-check); `npm run check` type-checks with tsc. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.tsx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  testTimeout: 30000,
  // Every answer a test receives through supertest is checked against the OpenAPI document.
  setupFilesAfterEnv: ['<rootDir>/test/support/answers-match-spec.ts'],
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
