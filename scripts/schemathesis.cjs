'use strict';
// schemathesis (from PyPI) for `npm run fuzz` and the fuzz suite: a virtual environment made
// once and cached beside the server builds (`~/.cache/erkend/schemathesis-<version>/`).
// Plain CommonJS with no dependency, so that scripts/bootstrap.cjs can prepare it.

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot } = require('./servers.cjs');

const SCHEMATHESIS_VERSION = '4.32.5';

const venvDir = () => path.join(cacheRoot(), `schemathesis-${SCHEMATHESIS_VERSION}`);
const executable = () => path.join(venvDir(), 'bin', 'st');
// Written last: a venv without it was cut short and is made again.
const completeMarker = () => path.join(venvDir(), '.complete');

function findPython() {
  for (const candidate of ['python3', 'python']) {
    const result = spawnSync(candidate, ['-c', 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 9) else 1)'], {
      stdio: 'ignore',
    });
    if (result.status === 0) return candidate;
  }
  return null;
}

function run(step, command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? result.error.message : ''}`.trim();
    throw new Error(`Installing schemathesis ${SCHEMATHESIS_VERSION} failed at step "${step}":\n${output}`);
  }
}

/** The `st` executable, installing schemathesis first when it is not cached yet. */
function ensureSchemathesis(log = (message) => process.stderr.write(`[erkend] ${message}\n`)) {
  if (fs.existsSync(completeMarker())) return executable();
  const python = findPython();
  if (!python) throw new Error('schemathesis needs Python 3.9 or later with its venv module (python3); install it and run again');
  const started = Date.now();
  log(`schemathesis ${SCHEMATHESIS_VERSION}: not in ${cacheRoot()}, installing it once from PyPI`);
  fs.rmSync(venvDir(), { recursive: true, force: true });
  fs.mkdirSync(path.dirname(venvDir()), { recursive: true });
  run('python -m venv', python, ['-m', 'venv', venvDir()]);
  run('pip install', path.join(venvDir(), 'bin', 'python'), [
    '-m',
    'pip',
    'install',
    '--quiet',
    '--disable-pip-version-check',
    `schemathesis==${SCHEMATHESIS_VERSION}`,
  ]);
  fs.writeFileSync(completeMarker(), `${new Date().toISOString()}\n`);
  log(`schemathesis ${SCHEMATHESIS_VERSION}: installed in ${Math.round((Date.now() - started) / 1000)}s into ${venvDir()}`);
  return executable();
}

module.exports = { SCHEMATHESIS_VERSION, ensureSchemathesis, venvDir };
