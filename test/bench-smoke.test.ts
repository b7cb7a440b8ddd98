// The bench runs end to end on tiny numbers against Plinth and the ceiling (no PocketBase
// download): it must print the table and write its JSON where --out says.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The budget for this test; a run normally takes 10-20 s. */
const budgetMs = 60_000;

test('npm run bench --quick prints a table and writes JSON', { timeout: budgetMs }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-bench-smoke-'));
  const out = join(dir, 'smoke.json');
  try {
    const args = ['--import', 'tsx', 'bench/run.ts', '--quick', '--posts=50', '--duration=1', '--repeat=1', '--only=health,get-one', '--no-pocketbase', '--pin=unpinned', `--out=${out}`];
    const child = spawn(process.execPath, args, { cwd: join(import.meta.dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('close', r));
    assert.equal(code, 0, stderr);

    assert.match(stdout, /\| workload \| server \| req\/s \| p50 ms \| p99 ms \|/);
    for (const w of ['get-one', 'health']) {
      assert.match(stdout, new RegExp(`\\| ${w} \\| plinth \\| \\d+ `));
      assert.match(stdout, new RegExp(`\\| ${w} \\| ceiling \\| \\d+ `));
    }
    assert.doesNotMatch(stdout, /\| pocketbase \|/);

    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(json.pocketbase, null);
    const mode = json.modes[0];
    assert.deepEqual(mode.workloads.map((w: { name: string }) => w.name), ['get-one', 'health']);
    for (const w of mode.workloads) {
      assert.ok(w.median.plinth.reqPerSec > 0, `${w.name}: plinth served requests`);
      assert.equal(w.median.plinth.errors, 0, `${w.name}: no errors`);
      assert.ok(w.median.ceiling.reqPerSec > 0, `${w.name}: ceiling served requests`);
    }
    assert.ok(readFileSync(out.replace(/\.json$/, '.md'), 'utf8').includes('| get-one | plinth |'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
