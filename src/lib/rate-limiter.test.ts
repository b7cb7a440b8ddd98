import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRateLimiter } from './rate-limiter.js';

test('a fixed window allows maxRequests, then refuses until the window ends', async () => {
  let now = 0;
  const rl = new MemoryRateLimiter(() => now);
  assert.equal(await rl.consume('k', 2, 10), true);
  assert.equal(await rl.consume('k', 2, 10), true);
  assert.equal(await rl.consume('k', 2, 10), false);
  assert.equal(await rl.consume('other', 2, 10), true, 'keys are independent');
  now = 9_999;
  assert.equal(await rl.consume('k', 2, 10), false);
  now = 10_000;
  assert.equal(await rl.consume('k', 2, 10), true);
});

test('reset and clear forget windows', async () => {
  const rl = new MemoryRateLimiter(() => 0);
  assert.equal(await rl.consume('k', 1, 60), true);
  assert.equal(await rl.consume('k', 1, 60), false);
  await rl.reset('k');
  assert.equal(await rl.consume('k', 1, 60), true);
  await rl.clear();
  assert.equal(rl.size, 0);
});

test('the number of keys is bounded: expired first, then the oldest', async () => {
  let now = 0;
  const rl = new MemoryRateLimiter(() => now, 10);
  for (let i = 0; i < 10; i++) await rl.consume(`a${i}`, 1, 1);
  now = 5_000;
  await rl.consume('fresh', 1, 60);
  assert.equal(rl.size, 1, 'expired windows are dropped when full');
  for (let i = 0; i < 20; i++) await rl.consume(`b${i}`, 1, 60);
  assert.ok(rl.size <= 10);
});
