// Compiles the services (apps/<service>/src) and the libraries they use (libs/**/src) once,
// to dist/, so a service runs with plain `node dist/apps/<service>/src/main.js`
// (docs/architecture.md, "The compiled runtime").
//
//   node tools/build/build.js              every service
//   node tools/build/build.js forms ...    these services (and every library)
//   node tools/build/build.js --check      exit 1 if dist is missing or older than a source
//   node tools/build/build.js --force      compile every file again
//
// Plain JavaScript on purpose: it runs before anything is compiled, with no loader.
// - SWC (already the compiler of the tests and of @swc-node/register) transforms file by file
//   with the decorator metadata NestJS needs; no type checking (`tsc --noEmit` does that).
// - Incremental: a file is compiled again only when its source is newer than its output, and
//   everything when the compiler's options change (dist/.build-options). An output whose
//   source is gone is deleted.
// - The `@fd/*` aliases of tsconfig.base.json become tiny packages in dist/node_modules/@fd/,
//   one line each (`module.exports = require('../../libs/...')`), so Node's own resolution
//   finds them with no runtime hook.
// - Outputs are written to a temporary file and renamed, so two builds at once (two test
//   workers starting systems) never leave a half-written file.
'use strict';
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const SERVICES = ['gateway', 'registration', 'forms', 'callbacks', 'scoring'];

const SWC_OPTIONS = {
  swcrc: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
    keepClassNames: true,
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

/** Tests and test helpers stay out of dist: the services never load them. */
const isShipped = (file) =>
  file.endsWith('.ts') &&
  !file.endsWith('.d.ts') &&
  !/\.spec\.ts$/.test(file) &&
  !/\.test-[\w-]+\.ts$/.test(file) &&
  !/\/testing\//.test(file);

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'dist') walk(p, out);
    } else if (isShipped(p)) out.push(p);
  }
  return out;
}

/** The source folders of the given services and of every library. */
function sourceRoots(services) {
  const libs = [];
  const findSrc = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const p = path.join(dir, e.name);
      if (e.name === 'src') libs.push(p);
      else if (e.name !== 'node_modules') findSrc(p);
    }
  };
  findSrc(path.join(ROOT, 'libs'));
  return [...services.map((s) => path.join(ROOT, 'apps', s, 'src')), ...libs];
}

const outputOf = (src) => path.join(DIST, path.relative(ROOT, src)).replace(/\.ts$/, '.js');
const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
};

function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** The `@fd/*` aliases whose target is compiled, as [alias, compiled target]. */
function aliases() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
  return Object.entries(compilerOptions.paths)
    .map(([alias, [target]]) => [alias, path.join(ROOT, target)])
    .filter(([, target]) => target.startsWith(path.join(ROOT, 'libs') + path.sep) && isShipped(target))
    .map(([alias, target]) => [alias, outputOf(target)]);
}

const optionsStamp = () =>
  createHash('sha256').update(JSON.stringify(SWC_OPTIONS)).update(require('@swc/core/package.json').version).digest('hex');

/** Sources newer than their outputs (all of them when the compiler's options changed). */
function staleSources(services, force = false) {
  const stampFile = path.join(DIST, '.build-options');
  const sameOptions = !force && fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === optionsStamp();
  const sources = sourceRoots(services).flatMap((d) => walk(d));
  return { sources, stale: sameOptions ? sources.filter((s) => mtime(s) > mtime(outputOf(s))) : sources };
}

async function build(services = SERVICES, { force = false } = {}) {
  const started = Date.now();
  const swc = require('@swc/core');
  const { sources, stale } = staleSources(services, force);
  const queue = [...stale];
  const worker = async () => {
    for (let src; (src = queue.shift()); ) {
      const out = outputOf(src);
      const { code, map } = await swc.transformFile(src, {
        ...SWC_OPTIONS,
        filename: src,
        sourceFileName: path.relative(path.dirname(out), src),
      });
      writeAtomically(`${out}.map`, map);
      writeAtomically(out, `${code}\n//# sourceMappingURL=${path.basename(out)}.map\n`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));

  // outputs whose source is gone (only where every source of a folder was listed: a full build)
  let removed = 0;
  if (services.length === SERVICES.length) {
    const wanted = new Set(sources.map(outputOf));
    for (const dir of ['apps', 'libs'].map((d) => path.join(DIST, d))) {
      for (const js of walkJs(dir)) {
        if (!wanted.has(js)) {
          fs.rmSync(js, { force: true });
          fs.rmSync(`${js}.map`, { force: true });
          removed++;
        }
      }
    }
  }

  for (const [alias, target] of aliases()) {
    const dir = path.join(DIST, 'node_modules', alias);
    const text = `module.exports = require(${JSON.stringify(path.relative(dir, target).split(path.sep).join('/'))});\n`;
    const file = path.join(dir, 'index.js');
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) writeAtomically(file, text);
  }

  // The gateway serves the web UI from ../../../web/dist beside its compiled code: the same UI build.
  const webLink = path.join(DIST, 'apps', 'web', 'dist');
  if (!fs.existsSync(webLink) && !isLink(webLink)) {
    fs.mkdirSync(path.dirname(webLink), { recursive: true });
    try {
      fs.symlinkSync(path.join('..', '..', '..', 'apps', 'web', 'dist'), webLink, 'dir');
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
  }

  writeAtomically(path.join(DIST, '.build-options'), optionsStamp());
  return { compiled: stale.length, removed, of: sources.length, ms: Date.now() - started };
}

function isLink(p) {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
}

function walkJs(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (!(dir === path.join(DIST, 'apps') && e.name === 'web')) walkJs(p, out);
    } else if (p.endsWith('.js')) out.push(p);
  }
  return out;
}

/** True when every service's compiled code is at least as new as its sources. */
function isFresh(services = SERVICES) {
  return (
    staleSources(services).stale.length === 0 &&
    aliases().every(([alias]) => fs.existsSync(path.join(DIST, 'node_modules', alias, 'index.js')))
  );
}

module.exports = { build, isFresh, SERVICES, DIST, ROOT };

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes('--check')) {
    process.exit(isFresh() ? 0 : 1);
  }
  const named = args.filter((a) => !a.startsWith('--'));
  const services = named.length ? named : SERVICES;
  const unknown = services.filter((s) => !SERVICES.includes(s));
  if (unknown.length) {
    process.stderr.write(`build: no such service: ${unknown.join(', ')}\n`);
    process.exit(2);
  }
  build(services, { force: args.includes('--force') }).then(
    (r) =>
      process.stdout.write(
        `build: ${r.compiled} of ${r.of} files compiled${r.removed ? `, ${r.removed} removed` : ''} in ${r.ms} ms (dist/)\n`,
      ),
    (e) => {
      process.stderr.write(`build failed: ${e?.stack ?? e}\n`);
      process.exit(1);
    },
  );
}
