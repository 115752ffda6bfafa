// Jest runs TypeScript through ts-jest in ESM mode (see DESIGN.md "Stack").
// Type checking is done once by `npm run lint` (tsc --noEmit), so tests transpile only.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/{apps,libs,projections}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/'],
  testTimeout: 30000,
  // The e2e suites run the compiled command: build dist/ first when it is missing or stale.
  globalSetup: '<rootDir>/scripts/jest-build-dist.mjs',
};
