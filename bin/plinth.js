#!/usr/bin/env node
// The CLI. It runs a bundle of src/ built with esbuild (node_modules/.cache/plinth/cli.mjs),
// rebuilt whenever a source file is newer: a server then runs without tsx's module loader,
// about 35 MB less memory. PLINTH_TSX=1, or a checkout where the bundle can't be written, runs
// the TypeScript through tsx instead. Hook and migration files are loaded with tsx either way.
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// three folders below the root, like src/http/routes/: paths made from import.meta.url still hold
const bundle = join(root, 'node_modules', '.cache', 'plinth', 'cli.mjs');

function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return newest;
}

async function ensureBundle() {
  let built = 0;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {}
  if (built && built >= newestSource(join(root, 'src'))) return true;
  try {
    const { build } = await import('esbuild');
    mkdirSync(dirname(bundle), { recursive: true });
    // written beside and renamed: processes starting together never read half a file
    const tmp = `${bundle}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(root, 'src', 'cli', 'main.ts')],
      outfile: tmp,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    renameSync(tmp, bundle);
    return true;
  } catch {
    return false;
  }
}

let main;
if (process.env.PLINTH_TSX !== '1' && (await ensureBundle())) {
  ({ main } = await import(pathToFileURL(bundle).href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
await main(process.argv.slice(2));
