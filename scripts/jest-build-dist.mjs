// Jest global setup: the end-to-end suites spawn the compiled command (bin/ledger -> dist/), so
// a missing or stale dist/ is built first (`tsc -p tsconfig.build.json`, a few seconds) instead
// of those suites skipping or testing yesterday's code. Stale: any compiled source (apps, libs,
// projections, bench; not specs or test-support) newer than dist/'s entry point.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE_ROOTS = ['apps', 'libs', 'projections', 'bench'];
const ENTRY = join('dist', 'apps', 'cli', 'src', 'main.js');

function newestSourceMs(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'test-support' && entry.name !== 'node_modules') {
        newest = Math.max(newest, newestSourceMs(path));
      }
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

export default function buildDistWhenStale() {
  const root = process.cwd();
  const entry = join(root, ENTRY);
  const built_ms = existsSync(entry) ? statSync(entry).mtimeMs : -1;
  const source_ms = Math.max(...SOURCE_ROOTS.map((dir) => newestSourceMs(join(root, dir))));
  if (built_ms >= source_ms) return;
  process.stderr.write(`jest: dist/ is ${built_ms < 0 ? 'missing' : 'stale'}; building it\n`);
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('jest: `tsc -p tsconfig.build.json` failed');
}
