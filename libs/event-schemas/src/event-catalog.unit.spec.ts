import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENT_CATALOG } from './event-catalog.js';

const readme = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'README.md'),
  'utf8',
);

describe('the README explains every event type to auditors', () => {
  it('has one row per catalogued type with its current version and stream', () => {
    for (const [type, entry] of Object.entries(EVENT_CATALOG)) {
      expect(readme).toContain(`| \`${type}\` | ${entry.version} | \`${entry.stream}\` |`);
    }
    const rows = readme.split('\n').filter((line) => /^\| `[A-Z]\w+` \| \d+ \| `/.test(line));
    expect(rows).toHaveLength(Object.keys(EVENT_CATALOG).length);
  });
});
