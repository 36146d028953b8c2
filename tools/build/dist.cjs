// The production build around `tsc -p tsconfig.build.json` (no dependency beyond Node):
//
//   node tools/build/dist.cjs clean    empties dist/ so no file of an earlier build survives
//   node tools/build/dist.cjs finish   after tsc: makes dist/ runnable with plain `node`
//   node tools/build/dist.cjs ensure   runs `npm run build` when dist/ is missing or older
//                                      than a source it is built from (used by tests)
//
// `finish` does what tsc does not: it rewrites the path aliases of tsconfig.base.json
// (`@collections/...`, resolved at compile time only) into relative paths in the
// emitted .js and .d.ts files, copies the files that are read at run time but are not
// TypeScript (the gRPC .proto contracts) next to the .js that resolves them through
// `__dirname`, checks that no alias is left, and writes dist/.build-stamp.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.build-stamp');
/** What tsconfig.build.json compiles; a change below these (tests excepted) makes dist/ stale. */
const SOURCE_DIRS = ['apps', 'libs', 'tools/embedded', 'tools/audit'];
const SOURCE_FILES = ['tsconfig.base.json', 'tsconfig.build.json', 'package.json', 'tools/build/dist.cjs'];
/** Files read at run time that tsc does not emit. */
const ASSET = /\.proto$/;
const TEST_FILE = /\.(spec|int-spec|e2e-spec)\.ts$/;

function walk(dir, visit) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else if (entry.isFile()) visit(full);
  }
}

function clean() {
  fs.rmSync(DIST, { recursive: true, force: true });
}

/** alias -> absolute path of the emitted module, without extension (dist/libs/.../index). */
function aliasTargets() {
  const { compilerOptions } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.base.json'), 'utf8'));
  const targets = new Map();
  for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
    if (alias.includes('*')) throw new Error(`dist.cjs: wildcard alias ${alias} is not supported; map each module`);
    targets.set(alias, path.join(DIST, target.replace(/\.ts$/, '')));
  }
  return targets;
}

function relativeSpecifier(fromFile, target) {
  let specifier = path.relative(path.dirname(fromFile), target).split(path.sep).join('/');
  if (!specifier.startsWith('.')) specifier = `./${specifier}`;
  return specifier;
}

function rewriteAliases() {
  const targets = aliasTargets();
  // require("x"), import("x"), from "x" (the forms tsc emits in .js and .d.ts)
  const specifier = /(\brequire\(\s*|\bimport\(\s*|\bfrom\s+)(["'])(@collections\/[^"']+)\2/g;
  let rewritten = 0;
  const leftovers = [];
  walk(DIST, (file) => {
    if (!file.endsWith('.js') && !file.endsWith('.d.ts')) return;
    const text = fs.readFileSync(file, 'utf8');
    if (!text.includes('@collections/')) return;
    const next = text.replace(specifier, (whole, prefix, quote, alias) => {
      const target = targets.get(alias);
      const emitted = target && `${target}${file.endsWith('.d.ts') ? '.d.ts' : '.js'}`;
      if (!emitted || !fs.existsSync(emitted)) {
        leftovers.push(`${path.relative(ROOT, file)}: ${alias}${target ? ' (not part of the build: tsconfig.build.json excludes it)' : ''}`);
        return whole;
      }
      rewritten += 1;
      return `${prefix}${quote}${relativeSpecifier(file, target)}${quote}`;
    });
    if (next !== text) fs.writeFileSync(file, next);
  });
  if (leftovers.length > 0) throw new Error(`dist.cjs: imports that cannot be resolved at run time:\n  ${leftovers.join('\n  ')}`);
  return rewritten;
}

function copyAssets() {
  let copied = 0;
  for (const dir of SOURCE_DIRS) {
    walk(path.join(ROOT, dir), (file) => {
      if (!ASSET.test(file)) return;
      const to = path.join(DIST, path.relative(ROOT, file));
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(file, to);
      copied += 1;
    });
  }
  return copied;
}

function finish() {
  if (!fs.existsSync(path.join(DIST, 'apps'))) throw new Error('dist.cjs: dist/apps is missing; run tsc -p tsconfig.build.json first');
  const rewritten = rewriteAliases();
  const copied = copyAssets();
  fs.writeFileSync(STAMP, `${new Date().toISOString()}\n`);
  process.stdout.write(`dist: ${rewritten} alias imports made relative, ${copied} asset(s) copied; run e.g. node dist/apps/debtors/src/main.js\n`);
}

/** Why dist/ must be rebuilt, or null when it is current. */
function staleReason() {
  if (!fs.existsSync(STAMP)) return 'no build in dist/';
  const builtAt = fs.statSync(STAMP).mtimeMs;
  let newer = null;
  const check = (file) => {
    if (newer || TEST_FILE.test(file)) return;
    if (!file.endsWith('.ts') && !ASSET.test(file) && !file.endsWith('.json')) return;
    if (fs.statSync(file).mtimeMs > builtAt) newer = path.relative(ROOT, file);
  };
  for (const file of SOURCE_FILES) check(path.join(ROOT, file));
  for (const dir of SOURCE_DIRS) walk(path.join(ROOT, dir), check);
  return newer ? `${newer} changed after the last build` : null;
}

function ensure() {
  const reason = staleReason();
  if (!reason) return;
  process.stdout.write(`dist: ${reason}; running npm run build\n`);
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

const commands = { clean, finish, ensure };
const command = commands[process.argv[2]];
if (!command) {
  process.stderr.write(`usage: node tools/build/dist.cjs ${Object.keys(commands).join('|')}\n`);
  process.exit(2);
}
try {
  command();
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
