// Shows that `npm run lint` enforces what STYLE.md promises: every file in lint-fixtures/ is
// linted as if it lived at the path its first line names (`// lint as: libs/...`), and must fail
// with exactly the rules its second line names (`// expect: rule, rule`). A rule that stops
// firing (a config block overriding another, say) fails this check.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';

const root = process.cwd();
const dir = join(root, 'lint-fixtures');
// The fixtures' paths are in no tsconfig (they do not exist on disk): type information for them
// comes from the project service's default project.
const eslint = new ESLint({
  cwd: root,
  overrideConfig: {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['libs/*/src/lint-fixture*.ts', 'apps/*/src/lint-fixture*.ts'],
        },
      },
    },
  },
});
let failures = 0;
for (const name of readdirSync(dir)
  .filter((file) => file.endsWith('.ts'))
  .sort()) {
  const text = readFileSync(join(dir, name), 'utf8');
  const as = /^\/\/ lint as: (\S+)$/m.exec(text)?.[1];
  const expected = /^\/\/ expect: (.+)$/m.exec(text)?.[1]?.split(/,\s*/).sort();
  if (as === undefined || expected === undefined) {
    console.error(`lint-fixtures/${name}: needs '// lint as: PATH' and '// expect: RULES'`);
    failures += 1;
    continue;
  }
  const [result] = await eslint.lintText(text, { filePath: join(root, as) });
  const fired = [...new Set(result.messages.map((message) => message.ruleId ?? 'parse'))].sort();
  if (fired.join() !== expected.join()) {
    console.error(`lint-fixtures/${name}: expected [${expected}], got [${fired}]`);
    for (const message of result.messages) console.error(`  ${message.line}: ${message.message}`);
    failures += 1;
  }
}
if (failures > 0) process.exit(1);
console.log('lint fixtures: every rule fires where it should');
