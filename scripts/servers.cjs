'use strict';
// The local servers Erkend runs against in development and tests, built from package registries
// only and cached outside the clone so that every clone on the machine shares one build.
// Plain CommonJS with no dependency: it runs before `npm install` has happened.

const { spawn, spawnSync, execFileSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

/** Go 1.26 fails to build some modules; this toolchain is served by the module proxy. */
const GO_FALLBACK_TOOLCHAIN = 'go1.25.14';

const SERVERS = {
  'temporal-cli': { version: 'v1.5.1', executable: 'temporal', build: buildTemporalCli },
  ferretdb: { version: 'v1.24.2', recipe: 1, executable: 'ferretdb', build: buildFerretDb },
  // `recipe` counts changes to how a server is built, so a changed recipe builds anew.
  'temporal-test-server': { version: '1.38.0', recipe: 2, executable: 'launch', build: buildTestServer },
};

function cacheRoot() {
  if (process.env.ERKEND_CACHE_DIR) return path.resolve(process.env.ERKEND_CACHE_DIR);
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'erkend');
}

function serverDir(name) {
  const { version, recipe } = SERVERS[name];
  return path.join(cacheRoot(), `${name}-${version}${recipe ? `-r${recipe}` : ''}`);
}

/** Path of the cached executable, or null when it has not been built yet. */
function cachedExecutable(name) {
  const file = path.join(serverDir(name), SERVERS[name].executable);
  return fs.existsSync(file) ? file : null;
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

class BuildError extends Error {
  constructor(name, step, detail) {
    super(`Building ${name} ${SERVERS[name].version} failed at step "${step}": ${detail}`);
    this.step = step;
  }
}

function log(message) {
  process.stderr.write(`[erkend] ${message}\n`);
}

/**
 * Runs a build command, printing a heartbeat with its last output line every 10 s so a long
 * first build shows progress without flooding the log. Resolves with the full output.
 */
function run(label, command, args, options) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let lastLine = '';
    const collect = (chunk) => {
      output += chunk;
      const lines = String(chunk).trim().split('\n');
      lastLine = lines[lines.length - 1] || lastLine;
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const heartbeat = setInterval(() => {
      const seconds = Math.round((Date.now() - started) / 1000);
      log(`${label}: ${seconds}s${lastLine ? ` (${lastLine.slice(0, 100)})` : ''}`);
    }, 10_000);
    child.on('error', (error) => {
      clearInterval(heartbeat);
      reject(error);
    });
    child.on('close', (code) => {
      clearInterval(heartbeat);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} exited with ${code}\n${output.slice(-4000)}`));
    });
  });
}

/** Runs a Go build, once more with an older toolchain when the current Go refuses the module. */
async function goBuild(name, step, args, options) {
  try {
    return await run(`${name}: ${step}`, 'go', args, options);
  } catch (error) {
    log(`${name}: ${step} failed with the default Go; retrying with GOTOOLCHAIN=${GO_FALLBACK_TOOLCHAIN}`);
    const env = { ...process.env, ...options.env, GOTOOLCHAIN: GO_FALLBACK_TOOLCHAIN };
    try {
      return await run(`${name}: ${step} (${GO_FALLBACK_TOOLCHAIN})`, 'go', args, { ...options, env });
    } catch (retryError) {
      throw new BuildError(name, step, `${error.message}\n--- with ${GO_FALLBACK_TOOLCHAIN} ---\n${retryError.message}`);
    }
  }
}

async function buildTemporalCli(name, dir) {
  const { version } = SERVERS[name];
  const bin = path.join(dir, 'bin');
  await goBuild(name, 'go install', ['install', '-v', `github.com/temporalio/cli/cmd/temporal@${version}`], {
    env: { ...process.env, GOBIN: bin },
  });
  fs.renameSync(path.join(bin, 'temporal'), path.join(dir, 'temporal'));
  fs.rmSync(bin, { recursive: true, force: true });
}

// `go install` of FerretDB builds a binary that panics at start: its version is read from a
// generated build/version/version.txt that the module zip lacks. So build from a copy of the
// module source with that file written, as the FerretDB build documentation describes.
/**
 * FerretDB 1.24's SQLite backend reads the whole collection for a look-up by `_id`: its query
 * says `json->'$._id'` while its `_id` index is on `json->"_id"`, so SQLite never uses the index
 * (a findOne by `_id` took 127 ms at 50,000 documents, growing with the collection). The first
 * patch writes the query as the index is written; the second also narrows by `_id` a filter
 * that has other conditions besides it (FerretDB applies the whole filter to what the backend
 * returns, so narrowing by a condition every match must meet changes no answer). Measured
 * after: 0.6 ms at 1,000 and at 50,000 documents. Other filters are still read in full.
 */
const FERRETDB_PATCHES = [
  {
    file: 'internal/backends/sqlite/metadata/metadata.go',
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: 'IDColumn = DefaultColumn + `->"_id"`',
    times: 1,
  },
  {
    file: 'internal/backends/sqlite/collection.go',
    from: 'if params.Filter.Len() == 1 {',
    to: 'if params.Filter.Len() >= 1 {',
    times: 2,
  },
];

async function buildFerretDb(name, dir) {
  const { version } = SERVERS[name];
  const module = `github.com/FerretDB/FerretDB@${version}`;
  const downloaded = await goBuild(name, 'go mod download', ['mod', 'download', '-json', module], {});
  let source;
  try {
    source = JSON.parse(downloaded).Dir;
  } catch {
    throw new BuildError(name, 'go mod download', `unexpected output: ${downloaded.slice(0, 500)}`);
  }
  const work = path.join(dir, 'source');
  fs.cpSync(source, work, { recursive: true });
  execFileSync('chmod', ['-R', 'u+w', work]);
  fs.writeFileSync(path.join(work, 'build', 'version', 'version.txt'), `${version}\n`);
  for (const patch of FERRETDB_PATCHES) {
    const file = path.join(work, patch.file);
    const text = fs.readFileSync(file, 'utf8');
    if (text.split(patch.from).length - 1 !== patch.times) {
      throw new BuildError(name, 'patch', `${patch.file} does not hold ${patch.times} × ${JSON.stringify(patch.from)}`);
    }
    fs.writeFileSync(file, text.split(patch.from).join(patch.to));
  }
  await goBuild(name, 'go build', ['build', '-v', '-trimpath', '-o', path.join(dir, 'ferretdb.partial'), './cmd/ferretdb'], {
    cwd: work,
  });
  fs.renameSync(path.join(dir, 'ferretdb.partial'), path.join(dir, 'ferretdb'));
  fs.rmSync(work, { recursive: true, force: true });
}

/**
 * A port nothing listens on, for a server about to start. A port merely closed again may be
 * handed by the kernel to the next process asking for any port (the Temporal dev server picks
 * its internal service ports that way) before our server binds it. So, as the Temporal CLI does
 * for its own, one connection is made and closed from the listening side first: the port stays
 * in TIME_WAIT for a minute, which keeps the kernel from handing it out, while servers, which
 * listen with SO_REUSEADDR (Go, Node, Java), can still bind it.
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const client = net.connect(port, '127.0.0.1');
      client.on('error', reject);
      client.on('close', () => server.close(() => resolve(port)));
    });
  });
}

async function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listened on port ${port} within ${timeoutMs} ms`);
}

const TEST_SERVER_JVM_FLAGS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xss512k'];

// The Temporal SDK gives the time-skipping server 5 s to answer; a cold JVM loading gRPC and
// Netty takes about that on two busy cores. A class-data-sharing archive, dumped once here,
// brings the start under a second.
async function buildTestServer(name, dir) {
  const { version } = SERVERS[name];
  if (!hasCommand('mvn')) throw new BuildError(name, 'find Maven', 'mvn is not on PATH');
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  fs.writeFileSync(
    path.join(dir, 'pom.xml'),
    `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>erkend.local</groupId><artifactId>temporal-test-server-launcher</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>${version}</version></dependency>
    <!-- Quiets SLF4J's warning about a missing logger; the server's own output is not needed. -->
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
`,
  );
  try {
    await run(
      `${name}: mvn dependency:copy-dependencies`,
      'mvn',
      ['-B', '-q', 'dependency:copy-dependencies', '-DoutputDirectory=lib', '-DincludeScope=runtime'],
      { cwd: dir },
    );
  } catch (error) {
    throw new BuildError(name, 'mvn dependency:copy-dependencies', error.message);
  }
  const classpath = fs
    .readdirSync(path.join(dir, 'lib'))
    .filter((f) => f.endsWith('.jar'))
    .map((f) => path.join(dir, 'lib', f))
    .join(':');
  const javaArgs = [...TEST_SERVER_JVM_FLAGS, '-cp', classpath, 'io.temporal.testserver.TestServer'];

  const archive = path.join(dir, 'server.jsa');
  const port = await freePort();
  const dump = spawn(java, [`-XX:ArchiveClassesAtExit=${archive}`, ...javaArgs, String(port)], { stdio: 'ignore' });
  try {
    await waitForPort(port, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  } catch (error) {
    dump.kill('SIGKILL');
    throw new BuildError(name, 'class-data-sharing archive', error.message);
  }
  const exited = new Promise((resolve) => dump.on('exit', resolve));
  dump.kill('SIGTERM');
  await exited;
  if (!fs.existsSync(archive)) throw new BuildError(name, 'class-data-sharing archive', `${archive} was not written`);

  const launcher = path.join(dir, 'launch');
  const quote = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
  // The SDK passes the port as the only argument. A stale archive (another JVM) is ignored by
  // the JVM with sharing set to auto, so the launcher still works, only slower.
  fs.writeFileSync(
    launcher,
    `#!/bin/sh\nexec ${quote(java)} -Xshare:auto -Xlog:cds=off -Xlog:cds+dynamic=off -XX:SharedArchiveFile=${quote(archive)} ${javaArgs.map(quote).join(' ')} "$@"\n`,
    { mode: 0o755 },
  );
}

const TOOLCHAINS = { 'temporal-cli': 'go', ferretdb: 'go', 'temporal-test-server': 'java' };

/**
 * The executable of a local server: the cached one, else built now from the registry when the
 * toolchain is present. Returns null when neither is possible, so the caller can fall back to
 * an upstream download where the internet is reachable.
 */
async function ensureServer(name) {
  const cached = cachedExecutable(name);
  if (cached) return cached;
  if (!hasCommand(TOOLCHAINS[name])) {
    log(`${name}: no ${TOOLCHAINS[name]} toolchain to build it from the registry`);
    return null;
  }
  const dir = serverDir(name);
  // Builds write their executable last (Go builds through a rename), so a build cut short
  // never looks cached; what it left is cleared here.
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = Date.now();
  log(`${name} ${SERVERS[name].version}: not in ${cacheRoot()}, building it once (several minutes the first time)`);
  try {
    await SERVERS[name].build(name, dir);
  } catch (error) {
    throw error instanceof BuildError ? error : new BuildError(name, 'build', error.message);
  }
  log(`${name} ${SERVERS[name].version}: built in ${Math.round((Date.now() - started) / 1000)}s into ${dir}`);
  return cachedExecutable(name);
}

module.exports = { SERVERS, cacheRoot, serverDir, cachedExecutable, ensureServer, freePort, waitForPort, BuildError };
