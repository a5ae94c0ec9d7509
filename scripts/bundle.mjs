#!/usr/bin/env node
/**
 * The shipped bins: one ESM file per bin in bundle/ (svwiz, svwizd, svwizctl, and rpc-action,
 * the doctor's helper that plans spawn by path), with every dependency inside. Node then reads
 * one file instead of some 200 modules at each start (issue 16: start-up and memory). Types are
 * checked by `tsc --noEmit` before this runs (package.json prepack); esbuild only strips them.
 *
 * Runtime lookups of package files (package.json, assets/, sibling bins) go through
 * src/process/package-layout.ts, which the `__SVWIZ_BUNDLED__` define switches to this layout.
 * The licences of the bundled packages are collected into bundle/THIRD-PARTY-LICENSES, since
 * their code now ships inside svwiz's files.
 */
import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'bundle');
const BINS = ['svwiz', 'svwizd', 'svwizctl', 'rpc-action'];
// Packages a bin imports lazily (`await import(name)`) get a bundle file of their own, which the
// bins import by relative path: inlined, their code would be read and parsed at every start of a
// daemon that never uses them (nodemailer: only with [alerts] smtp_url; +300 kB in svwizd.js).
const LAZY = { nodemailer: 'node_modules/nodemailer/dist/esm/nodemailer.js' };

/** `import('nodemailer')` in svwiz's source becomes `import('./nodemailer.js')`, next to the bin. */
const lazyPackages = {
  name: 'svwiz-lazy-packages',
  setup(b) {
    const filter = new RegExp(`^(${Object.keys(LAZY).join('|')})$`);
    b.onResolve({ filter }, (args) => (args.kind === 'dynamic-import' && !args.importer.includes('node_modules') ? { path: `./${args.path}.js`, external: true } : undefined));
  },
};

// Bundled CommonJS packages call require() and read __filename/__dirname, which an ES module
// does not have; the banner gives each bundle its own, bound to the bundle file.
const BANNER = [
  "import { createRequire as __svwizCreateRequire } from 'node:module';",
  "import { fileURLToPath as __svwizFileURLToPath } from 'node:url';",
  'const require = __svwizCreateRequire(import.meta.url);',
  'const __filename = __svwizFileURLToPath(import.meta.url);',
  "const __dirname = __svwizFileURLToPath(new URL('.', import.meta.url));",
].join('\n');

rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir);

const result = await build({
  absWorkingDir: root,
  entryPoints: { ...Object.fromEntries(BINS.map((name) => [name, `src/bin/${name}.ts`])), ...LAZY },
  outdir,
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20.17',
  // Whitespace and syntax only: names stay, so a stack trace of a shipped bin is still readable.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  sourcemap: false,
  legalComments: 'none',
  define: { __SVWIZ_BUNDLED__: 'true' },
  banner: { js: BANNER },
  plugins: [lazyPackages],
  metafile: true,
  write: false,
  logLevel: 'warning',
});

for (const file of result.outputFiles) {
  if (!BINS.includes(path.basename(file.path, '.js'))) {
    writeFileSync(file.path, file.text);
    continue;
  }
  // The entry's own `#!` line (if esbuild kept it) goes; one is written first, above the banner.
  const code = file.text.replace(/^#![^\n]*\n/, '').replace(/\n#!\/usr\/bin\/env node\n/, '\n');
  writeFileSync(file.path, `#!/usr/bin/env node\n${code}`, { mode: 0o755 });
  chmodSync(file.path, 0o755);
}

/** The packages whose code is inside the bundles, each with its licence text. */
function thirdPartyLicenses() {
  const packages = new Map();
  for (const input of Object.keys(result.metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (!match) continue;
    const dir = path.join(root, input.slice(0, match.index + match[0].length));
    if (packages.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f));
    const text = licenseFile ? readFileSync(path.join(dir, licenseFile), 'utf8').trim() : `License: ${pkg.license ?? 'see package'}`;
    packages.set(dir, `${pkg.name}@${pkg.version} (${pkg.license ?? 'unknown'})\n\n${text}`);
  }
  return [...packages.values()].sort();
}

const licenses = thirdPartyLicenses();
writeFileSync(
  path.join(outdir, 'THIRD-PARTY-LICENSES'),
  `The files in this directory contain code of the following packages, under their licences.\n\n${licenses.join('\n\n' + '-'.repeat(72) + '\n\n')}\n`,
);

for (const name of [...BINS, ...Object.keys(LAZY)]) if (!existsSync(path.join(outdir, `${name}.js`))) throw new Error(`bundle/${name}.js was not written`);
const sizes = [...BINS, ...Object.keys(LAZY)].map((name) => `${name}.js ${(readFileSync(path.join(outdir, `${name}.js`)).length / 1024).toFixed(0)} kB`);
// stderr: `npm pack` runs this as prepack, and the README's first command reads the tarball's
// name from pack's stdout ("$(npm pack --silent)"); a line here would become part of that name.
process.stderr.write(`bundle/: ${sizes.join(', ')}; ${licenses.length} bundled packages\n`);
