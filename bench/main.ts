/**
 * `npm run bench -- NAME`: runs bench/NAME.bench.ts (compiled to dist/bench/NAME.bench.js), whose
 * `run()` measures against a yardstick in the same run and prints one JSON line last.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const SUFFIX = '.bench.js';

async function main(): Promise<void> {
  const here = dirname(fileURLToPath(import.meta.url));
  const names = readdirSync(here)
    .filter((file) => file.endsWith(SUFFIX))
    .map((file) => file.slice(0, -SUFFIX.length));
  const name = process.argv[2];
  if (!name || !names.includes(name)) {
    process.stderr.write(`usage: npm run bench -- <${names.join('|')}>\n`);
    process.exit(2);
  }
  const module = (await import(`./${name}${SUFFIX}`)) as { run: (args: string[]) => Promise<void> };
  await module.run(process.argv.slice(3));
}

await main();
