/**
 * How many runs and which seed the property tests use. In CI (and `vitest run`): a fixed seed and
 * a bounded number of runs, so a run is reproducible and quick. `npm run fuzz` sets IAMLINT_FUZZ=1:
 * a random seed and many more runs; IAMLINT_FUZZ_SEED=N replays a seed a failure printed.
 */
import fc from 'fast-check';

const FIXED_SEED = 20_260_417;
const fuzzing = process.env.IAMLINT_FUZZ === '1';
const replay = process.env.IAMLINT_FUZZ_SEED;

export const seed = replay ? Number(replay) : fuzzing ? Math.floor(Math.random() * 2 ** 31) : FIXED_SEED;
/** `npm run fuzz` multiplies every property's CI run count by this. */
export const FUZZ_FACTOR = Number(process.env.IAMLINT_FUZZ_FACTOR ?? 25);

export function runs(ci: number): number {
  return fuzzing ? ci * FUZZ_FACTOR : ci;
}

/** fc.assert with this run's seed; a failure names the seed and the command that replays it. */
export async function check<T>(name: string, property: fc.IAsyncProperty<T> | fc.IProperty<T>, ciRuns: number): Promise<void> {
  try {
    await fc.assert(property as fc.IAsyncProperty<T>, { seed, numRuns: runs(ciRuns) });
  } catch (error) {
    const how = `IAMLINT_FUZZ_SEED=${seed}${fuzzing ? ' npm run fuzz' : ' npx vitest run test/fuzz'}`;
    console.error(`fuzz property "${name}" failed with seed ${seed}; replay with: ${how}`);
    throw error;
  }
}
