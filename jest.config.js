// Jest runs TypeScript through ts-jest in ESM mode (see DESIGN.md "Stack").
// Type checking is done once by `npm run lint` (tsc --noEmit), so tests transpile only.
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Libraries by their front door (package.json "imports": `#cdrs` -> libs/cdrs/src/index.ts;
  // specs may also reach a library's test-support), then relative `.js` specifiers to sources.
  moduleNameMapper: {
    '^#projections$': '<rootDir>/projections/src/index.ts',
    '^#projections/(.*)\\.js$': '<rootDir>/projections/src/$1',
    '^#([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^#([a-z-]+)/(.*)\\.js$': '<rootDir>/libs/$1/src/$2',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testMatch: ['<rootDir>/{apps,libs,projections}/**/*.spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.tools/'],
  testTimeout: 30000,
  // The e2e suites run the compiled command: build dist/ first when it is missing or stale.
  globalSetup: '<rootDir>/scripts/jest-build-dist.mjs',
};
