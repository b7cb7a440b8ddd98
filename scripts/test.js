#!/usr/bin/env node
// Node 20's test runner takes no globs: collect *.test.ts under src/ and test/ and run them.
// Extra arguments narrow the run to files whose path contains one of them.
//
// The end-to-end files (test/) run twice, once per store: on SQLite, then on Postgres
// (PLINTH_TEST_STORE=postgres; the machine's server, postgres://postgres@127.0.0.1:5432/test unless
// PLINTH_TEST_PG says otherwise; every test server gets a schema of its own). Unit tests (src/) run
// once: the store and filter suites run on both stores by themselves. PLINTH_TEST_STORE=sqlite or
// =postgres runs the end-to-end files on that store only.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** End-to-end files with no store to vary: the bench smoke test starts its own servers. */
const storeIndependent = [join('test', 'bench-smoke.test.ts')];

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : find(p);
    return e.name.endsWith('.test.ts') ? [p] : [];
  });
}

function run(files, store) {
  if (!files.length) return 0;
  if (store) process.stdout.write(`\n# end-to-end tests on ${store}\n`);
  const env = store ? { ...process.env, PLINTH_TEST_STORE: store } : process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env });
  return r.status ?? 1;
}

const filters = process.argv.slice(2);
const picked = (f) => !filters.length || filters.some((x) => f.includes(x));
const unit = find('src').filter(picked).sort();
const e2e = find('test').filter(picked).sort();
const only = process.env.PLINTH_TEST_STORE;
const onPostgres = e2e.filter((f) => !storeIndependent.includes(f));

let status = 0;
if (only === 'postgres') {
  status = run(unit) || status;
  status = run(onPostgres, 'postgres') || status;
} else {
  status = run([...unit, ...e2e], only === 'sqlite' ? 'sqlite' : undefined) || status;
  if (only !== 'sqlite') status = run(onPostgres, 'postgres') || status;
}
process.exit(status);
