'use strict';
// Runs before `npm start` and `npm test` on a fresh clone: installs the npm dependencies when
// they are missing or stale, then makes sure every local server is cached or built, and for
// `npm test` schemathesis (the fuzz suite's tool).
// It uses nothing but Node itself, since nothing else is installed yet.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { ensureSchemathesis } = require('./schemathesis.cjs');
const { ensureServer } = require('./servers.cjs');

const root = path.resolve(__dirname, '..');

function installDependencies() {
  const lock = path.join(root, 'package-lock.json');
  const installed = path.join(root, 'node_modules', '.package-lock.json');
  if (fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  process.stderr.write('[erkend] installing npm dependencies (npm ci)\n');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    process.stderr.write('[erkend] npm ci failed at step "install npm dependencies"; see the output above\n');
    process.exit(1);
  }
}

/** Servers the command needs: none that an explicit address in the environment replaces. */
function neededServers(command) {
  const needed = [];
  if (!process.env.TEMPORAL_ADDRESS) needed.push('temporal-cli');
  if (!process.env.MONGODB_URI) needed.push('ferretdb');
  // Long timers are always tested on the time-skipping server, whatever else is configured.
  if (command === 'test') needed.push('temporal-test-server');
  return needed;
}

async function main() {
  const command = process.argv[2] || (process.env.npm_lifecycle_event || '').replace(/^pre/, '');
  installDependencies();
  for (const name of neededServers(command)) {
    // Sequential on purpose: two Go builds at once on two cores take as long and print a muddle.
    const executable = await ensureServer(name);
    if (!executable) {
      process.stderr.write(`[erkend] ${name}: falling back to the upstream download at run time\n`);
    }
  }
  if (command === 'test') {
    // Not fatal here: the fuzz suite alone needs it, and fails naming the cause.
    try {
      ensureSchemathesis();
    } catch (error) {
      process.stderr.write(`[erkend] ${error.message}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`[erkend] ${error.message}\n`);
  process.exit(1);
});
