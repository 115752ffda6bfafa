/**
 * `npm run bench -- NAME`: each benchmark compares against a yardstick measured in the same run
 * and prints one JSON line last. Benchmarks register themselves in BENCHMARKS below.
 */
type Benchmark = () => Promise<void>;

const BENCHMARKS: Record<string, () => Promise<{ run: Benchmark }>> = {};

async function main(): Promise<void> {
  const name = process.argv[2];
  const load = name ? BENCHMARKS[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>\n`);
    process.exit(2);
  }
  const { run } = await load();
  await run();
}

await main();
