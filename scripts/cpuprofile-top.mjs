#!/usr/bin/env node
/**
 * `node scripts/cpuprofile-top.mjs DIR|FILE [COUNT] [--from REGEX]`: the top frames by self
 * time of a V8 .cpuprofile (the newest in DIR), as shares of the samples. `--from REGEX`: count
 * only the samples after the first whose stack names a frame matching REGEX (e.g.
 * `post-cdr.handler` to leave the server's start-up out). For the ingest bench:
 *   LEDGER_BENCH_SERVER_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' \
 *     npm run bench -- ingest --duration 8 --no-health
 *   node scripts/cpuprofile-top.mjs /tmp/prof 15 --from post-cdr.handler
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [target, ...rest] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: cpuprofile-top.mjs DIR|FILE [COUNT] [--from REGEX]\n');
  process.exit(2);
}
const from_index = rest.indexOf('--from');
const from = from_index >= 0 ? new RegExp(rest[from_index + 1]) : null;
const count = Number(
  rest.find((arg, index) => index !== from_index + 1 && /^\d+$/.test(arg)) ?? 15,
);
const file = statSync(target).isDirectory()
  ? join(
      target,
      readdirSync(target)
        .filter((name) => name.endsWith('.cpuprofile'))
        .sort()
        .at(-1),
    )
  : target;
const profile = JSON.parse(readFileSync(file, 'utf8'));
const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
const parents = new Map();
for (const node of profile.nodes)
  for (const child of node.children ?? []) parents.set(child, node.id);
const nameOf = (node) => {
  const frame = node.callFrame;
  const where = frame.url.replace(/.*\/(node_modules|dist)\//, '$1/');
  return `${frame.functionName || '(anonymous)'} ${where}${where ? `:${frame.lineNumber + 1}` : ''}`;
};
const self = new Map();
let total = 0;
let counting = from === null;
for (let index = 0; index < profile.samples.length; index += 1) {
  const leaf = nodes.get(profile.samples[index]);
  if (!counting) {
    for (let id = leaf.id; id !== undefined && !counting; id = parents.get(id)) {
      counting = from.test(nameOf(nodes.get(id)));
    }
    if (!counting) continue;
  }
  const delta = profile.timeDeltas[index] ?? 0;
  total += delta;
  self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + delta);
}
for (const [name, time] of [...self].sort((a, b) => b[1] - a[1]).slice(0, count)) {
  process.stdout.write(`${((100 * time) / total).toFixed(1).padStart(5)} %  ${name}\n`);
}
process.stdout.write(`${(total / 1000).toFixed(0)} ms of samples\n`);
