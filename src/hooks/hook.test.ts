import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Hook, type HookEvent } from './hook.js';

interface E extends HookEvent {
  log: string[];
}

test('handlers run in priority order around the final link', async () => {
  const h = new Hook<E>();
  h.bind(async (e) => { e.log.push('b1'); await e.next(); e.log.push('b2'); }, { priority: 2 });
  h.bind(async (e) => { e.log.push('a1'); await e.next(); e.log.push('a2'); }, { priority: 1 });
  const e = { log: [] as string[] };
  await h.trigger(e, (ev) => void ev.log.push('core'));
  assert.deepEqual(e.log, ['a1', 'b1', 'core', 'b2', 'a2']);
});

test('a handler that does not call next stops the chain; throwing aborts it', async () => {
  const h = new Hook<E>();
  h.bind(() => undefined);
  const e = { log: [] as string[] };
  await h.trigger(e, (ev) => void ev.log.push('core'));
  assert.deepEqual(e.log, []);
  const h2 = new Hook<E>();
  h2.bind(() => { throw new Error('nope'); });
  await assert.rejects(h2.trigger({ log: [] }, () => undefined), /nope/);
});

test('tags limit a handler to some collections; unbind removes it', async () => {
  const h = new Hook<E>();
  const id = h.bind(async (e) => { e.log.push('posts'); await e.next(); }, { tags: ['posts'] });
  const run = async (tags: string[]) => {
    const e = { log: [] as string[] };
    await h.trigger(e, (ev) => void ev.log.push('core'), tags);
    return e.log;
  };
  assert.deepEqual(await run(['posts']), ['posts', 'core']);
  assert.deepEqual(await run(['users']), ['core']);
  h.unbind(id);
  assert.deepEqual(await run(['posts']), ['core']);
});
