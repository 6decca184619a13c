import { defineConfig } from 'vitest/config';

// `npm run fuzz`: the property tests only, with a random seed and many more runs (test/fuzz/settings.ts).
export default defineConfig({
  test: {
    include: ['test/fuzz/**/*.test.ts'],
    env: { IAMLINT_FUZZ: '1' },
    testTimeout: 1_800_000,
  },
});
