#!/usr/bin/env node
// `npm install` runs this first (preinstall). The project needs Node.js >= 22.12 (node:sqlite,
// NestJS 12); on an older Node it brings Node 24 from the npm registry (the `node` package)
// into .tools/node, which `scripts/with-project-node` and `bin/ledger` then use. On a recent
// enough Node it does nothing, so such a machine is not slowed down. CommonJS and no
// dependencies: it must run on whatever Node the machine has.
'use strict';
const { execFileSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const REQUIRED = [22, 12];
const PACKAGE = 'node@24';
const root = join(__dirname, '..');
const prefix = join(root, '.tools', 'node');
const project_node = join(prefix, 'node_modules', '.bin', 'node');

function recentEnough(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > REQUIRED[0] || (major === REQUIRED[0] && minor >= REQUIRED[1]);
}

function versionOf(node) {
  try {
    return execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

if (recentEnough(process.version)) process.exit(0);
const installed = existsSync(project_node) ? versionOf(project_node) : null;
if (installed !== null && recentEnough(installed)) process.exit(0);

process.stderr.write(
  `ensure-node: Node.js ${process.version} is older than ${REQUIRED.join('.')}; ` +
    `installing ${PACKAGE} from the npm registry into .tools/node ...\n`,
);
// The npm that runs this install, so the same registry and configuration are used.
const npm_cli = process.env.npm_execpath;
const [command, args] = npm_cli ? [process.execPath, [npm_cli]] : ['npm', []];
try {
  execFileSync(
    command,
    [
      ...args,
      'install',
      '--prefix',
      prefix,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      PACKAGE,
    ],
    { stdio: 'inherit', env: { ...process.env, npm_config_global: 'false' } },
  );
} catch (error) {
  process.stderr.write(`ensure-node: could not install ${PACKAGE}: ${error.message}\n`);
  process.exit(1);
}
process.stderr.write(`ensure-node: using Node.js ${versionOf(project_node)} from .tools/node\n`);
