'use strict';
// Runs before `npm start` and `npm test` on a fresh clone: installs the npm dependencies when
// they are missing or stale, then makes sure every local server is cached or built, and for
// `npm test` schemathesis (the fuzz suite's tool) and Chromium (the browser tests' browser).
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

// Where a Chrome or Chromium usually is; CHROMIUM_PATH names any other. Debian's `chromium`
// package is the one installed here: Playwright's own browser download needs the open internet.
const CHROMIUM_CANDIDATES = {
  linux: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'],
  darwin: ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
};

const isExecutable = (file) => {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
};

/** The browser the browser tests launch: CHROMIUM_PATH when set, else the first one installed. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return isExecutable(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  return (CHROMIUM_CANDIDATES[process.platform] ?? []).find(isExecutable) ?? null;
}

const CHROMIUM_HELP =
  'the browser tests need Chrome or Chromium: install it (Debian/Ubuntu: apt-get install chromium) or set ' +
  'CHROMIUM_PATH to its executable, e.g. CHROMIUM_PATH="/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"';

/** How to run apt-get as root: directly, through sudo without a password, or not at all. */
function aptGetCommand() {
  if (process.platform !== 'linux' || spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return null;
  if (process.getuid?.() === 0) return ['apt-get'];
  if (spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n', 'apt-get'];
  return null;
}

function aptGet(command, args) {
  const [program, ...rest] = command;
  const result = spawnSync(program, [...rest, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}`.trim() };
}

/**
 * Chromium for the browser tests: found, or installed with apt-get where we may, or a message
 * saying how to point the tests at one. Never fatal: only the browser tests need it, and they
 * fail naming the cause.
 */
function ensureChromium(log = (message) => process.stderr.write(`[erkend] ${message}\n`)) {
  const found = findChromium();
  if (found) return found;
  if (process.env.CHROMIUM_PATH) {
    log(`CHROMIUM_PATH=${process.env.CHROMIUM_PATH} is not an executable file; ${CHROMIUM_HELP}`);
    return null;
  }
  const apt = aptGetCommand();
  if (!apt) {
    log(
      `no Chrome or Chromium found, and none can be installed here (that needs apt-get as root or through sudo without a password); ${CHROMIUM_HELP}`,
    );
    return null;
  }
  const started = Date.now();
  log('chromium: not installed, installing it once with apt-get (a minute or so)');
  const install = ['install', '-y', '--no-install-recommends', 'chromium'];
  let result = aptGet(apt, install);
  // Package lists never fetched, or stale ones that name files the mirror no longer has.
  if (!result.ok && /Unable to locate package|has no installation candidate|Failed to fetch/.test(result.output)) {
    log('chromium: the package lists are missing or stale; running apt-get update first');
    const update = aptGet(apt, ['update']);
    result = update.ok ? aptGet(apt, install) : update;
  }
  if (!result.ok) {
    log(`chromium: apt-get failed:\n${result.output}\n${CHROMIUM_HELP}`);
    return null;
  }
  const installed = findChromium();
  if (!installed) {
    log(`chromium: apt-get installed it, but no executable is at ${CHROMIUM_CANDIDATES.linux.join(', ')}; ${CHROMIUM_HELP}`);
    return null;
  }
  log(`chromium: installed in ${Math.round((Date.now() - started) / 1000)}s at ${installed}`);
  return installed;
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
    ensureChromium();
  }
}

// test/support/browser.ts finds the browser the same way.
module.exports = { findChromium, ensureChromium, CHROMIUM_HELP };

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`[erkend] ${error.message}\n`);
    process.exit(1);
  });
}
