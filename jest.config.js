// ESM + TypeScript: ts-jest in ESM mode, `.js` specifiers mapped back to the `.ts` sources.
const common = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json', useESM: true }]
  }
}

export default {
  projects: [
    // Pure logic and the run with a mocked client: no network, fake clock.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/__tests__/unit/**/*.test.ts'] },
    // The committed dist/ against the local emulator, as a runner would run it.
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts']
    }
  ],
  // End-to-end tests run real processes with real (short) waits.
  testTimeout: 60_000,
  // The end-to-end suites mostly wait on child processes, so they overlap well even on 2 cores
  // (jest's default there is 1 worker: 2m16s in a row, 1m01s with 4).
  maxWorkers: 4,
  reporters: ['default', '<rootDir>/scripts/jest-closing-line.cjs'],
  collectCoverageFrom: ['src/**/*.ts'],
  coverageReporters: ['text-summary', 'json-summary']
}
