import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../src/app/app.js';
import { installerLink } from '../src/cli/installer.js';
import { buildServer } from '../src/http/server.js';
import { dashboardDir } from '../src/http/routes/dashboard.js';
import { startServer, superuserEmail, superuserPassword, type TestServer } from './harness.js';

// Debian's Chromium; CI installs it (.ci/run). Nothing is downloaded here.
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Generous for a cold browser on a busy CI machine; each wait still fails fast on errors.
const waitMs = 15_000;

const shots = mkdtempSync(join(tmpdir(), 'plinth-dashboard-shots-'));

async function launch(): Promise<{ context: BrowserContext; page: Page; errors: string[]; close(): Promise<void> }> {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's Chromium (apt-get install -y chromium); .ci/run does this`);
  const profile = mkdtempSync(join(tmpdir(), 'plinth-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumPath, headless: true, args: chromiumArgs, viewport: { width: 1360, height: 860 } });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(waitMs);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    errors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const shot = (page: Page, name: string) => page.screenshot({ path: join(shots, `${name}.png`) });

describe('dashboard in Chromium', () => {
  let server: TestServer;
  let b: Awaited<ReturnType<typeof launch>>;
  before(async () => {
    server = await startServer();
    b = await launch();
  });
  after(async () => {
    await b?.close();
    await server?.stop();
    process.stdout.write(`# dashboard screenshots: ${shots}\n`);
  });

  test('serves the built UI at /_/ with a CSP and long-cached assets', async () => {
    const index = await fetch(server.url + '/_/');
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    const html = await index.text();
    const asset = /src="(\/_\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(asset, 'index.html references a hashed script');
    const js = await fetch(server.url + asset);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.equal((await fetch(server.url + '/_/..%2f..%2fpackage.json')).status, 404);
  });

  test('sign in, create a collection with fields and a rule, add a record, see SDK records live', async () => {
    const { page } = b;
    await page.goto(server.url + '/_/');
    await page.fill('#email', superuserEmail);
    await page.fill('#password', 'wrong-password');
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('[role=alert]:has-text("Failed to authenticate")');
    b.errors.length = 0; // Chromium logs the expected 400 of the wrong password
    await page.fill('#password', superuserPassword);
    await shot(page, '01-sign-in');
    await page.click('button:has-text("Sign in")');
    await page.waitForSelector('text=+ New collection');

    // collection with several field types
    await page.click('text=+ New collection');
    await page.fill('#collection-name', 'posts');
    const addField = async (label: string, name: string) => {
      await page.click('button:has-text("+ New field")');
      await page.click(`[role=menuitem]:has-text("${label}")`);
      await page.locator('.field-card:has(.opts) input[aria-label="Field name"]').fill(name);
    };
    await addField('Plain text', 'title');
    await addField('Number', 'views');
    await addField('Bool', 'published');
    await addField('Select', 'status');
    await page.fill('[id="opt-status-values"]', 'draft, live');
    await page.locator('[id="opt-status-values"]').blur();
    await addField('JSON', 'meta');
    await shot(page, '02-collection-fields');

    // rules are checked by the server as you type, errors at their position
    await page.click('[role=tab]:has-text("API rules")');
    await page.locator('.rule:has(#rule-listRule) button:has-text("Unlock")').click();
    await page.fill('#rule-listRule', 'titel = "x"');
    await page.waitForSelector('.rule:has(#rule-listRule) .error');
    await page.fill('#rule-listRule', 'title != "" && views >= 0');
    await page.waitForSelector('.rule:has(#rule-listRule) :text("Valid rule")');
    await page.locator('.rule:has(#rule-viewRule) button:has-text("Unlock")').click();
    await page.locator('#rule-viewRule').pressSequentially('pub');
    await page.waitForSelector('.suggest [role=option]:has-text("published")');
    await page.keyboard.press('Tab');
    assert.equal(await page.inputValue('#rule-viewRule'), 'published');
    await page.locator('#rule-viewRule').pressSequentially(' = true');
    await page.waitForSelector('.rule:has(#rule-viewRule) :text("Valid rule")');
    await shot(page, '03-collection-rules');
    await page.click('.drawer footer button:has-text("Create")');
    await page.waitForSelector('h1:has-text("posts")');

    const saved = await (await server.admin()).collections.getOne('posts');
    assert.deepEqual(saved.fields.map((f) => f.name), ['id', 'title', 'views', 'published', 'status', 'meta', 'created', 'updated']);
    assert.equal(saved.listRule, 'title != "" && views >= 0');
    assert.equal(saved.viewRule, 'published = true');

    // a record through the form
    await page.click('text=+ New record');
    await page.fill('#field-title', 'Hello from the browser');
    await page.fill('#field-views', '3');
    await page.check('#field-published');
    await page.selectOption('#field-status', 'live');
    await page.fill('#field-meta', '{"tags": ["a", "b"]}');
    await shot(page, '04-record-form');
    await page.click('.drawer footer button:has-text("Create")');
    await page.waitForSelector('tbody tr:has-text("Hello from the browser")');
    const made = await (await server.admin()).collection('posts').getFirstListItem('title = "Hello from the browser"');
    assert.equal(made.views, 3);
    assert.equal(made.published, true);
    assert.deepEqual(made.meta, { tags: ['a', 'b'] });

    // realtime: a record created elsewhere appears without a reload
    await (await server.admin()).collection('posts').create({ title: 'Live from the SDK', views: 7 });
    await page.waitForSelector('tbody tr:has-text("Live from the SDK")');
    await shot(page, '05-records-live');

    // filter syntax in the search bar
    await page.fill('[aria-label="Search or filter"]', 'views > 5');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    assert.match(await page.textContent('tbody') ?? '', /Live from the SDK/);
    await page.click('button:has-text("Clear")');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 2);

    // bulk delete
    await page.check('[aria-label="Select all on this page"]');
    await page.click('button:has-text("Delete selected")');
    await page.click('[role=alertdialog] button:has-text("Delete")');
    await page.waitForSelector('text=No records found.');
    assert.equal((await (await server.admin()).collection('posts').getList(1, 1)).totalItems, 0);

    // rename with a summary of what changes, then delete after typing the name
    await page.click('button:has-text("Edit collection")');
    await page.fill('#collection-name', 'articles');
    await page.locator('.field-card[data-field="meta"] button[aria-label="Remove field meta"]').click();
    await page.click('.drawer footer button:has-text("Save changes")');
    await page.waitForSelector('[role=alertdialog] li:has-text("Delete field \\"meta\\"")');
    await shot(page, '07-collection-change-summary');
    await page.click('[role=alertdialog] button:has-text("Apply changes")');
    await page.waitForSelector('h1:has-text("articles")');
    await page.click('button:has-text("Edit collection")');
    await page.click('.drawer footer button:has-text("Delete")');
    await page.fill('#confirm-type', 'articles');
    await page.click('[role=alertdialog] button:has-text("Delete collection")');
    await page.waitForSelector('.aside a:has-text("users")');
    assert.equal((await (await server.admin()).collections.getFullList()).some((c) => c.name === 'articles' || c.name === 'posts'), false);

    // auth collection: a user with a password, marked verified
    await page.click('.aside a:has-text("users")');
    await page.click('text=+ New record');
    await page.fill('#field-email', 'reader@example.com');
    await page.fill('#field-password', 'reader-password-1');
    await page.fill('[aria-label="password confirm"]', 'reader-password-1');
    await page.check('#field-verified');
    await page.fill('#field-name', 'Reader');
    await page.click('.drawer footer button:has-text("Create")');
    await page.waitForSelector('tbody tr:has-text("reader@example.com")');
    await page.waitForSelector('tbody tr:has-text("reader@example.com") :text("✓ verified")');
    await shot(page, '08-auth-users');
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, '09-phone-width');
    await page.setViewportSize({ width: 1360, height: 860 });
    const user = await server.client().collection('users').authWithPassword('reader@example.com', 'reader-password-1');
    assert.equal(user.record.verified, true);

    await page.goto(server.url + '/_/#/settings');
    await page.waitForSelector('#set-meta-appName');
    await shot(page, '06-settings');
    assert.deepEqual(b.errors, []);
  });
});

test('first run: the install link creates the first superuser in the browser', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plinth-install-'));
  const app = await createApp({ dataDir: dir });
  const server = await buildServer(app, { logLevel: 'silent' });
  await server.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}`;
  const b = await launch();
  try {
    const link = await installerLink(app, url);
    assert.ok(link?.startsWith(`${url}/_/#/pbinstall/`));
    await b.page.goto(link!);
    await b.page.fill('#email', 'first@example.com');
    await b.page.fill('#password', 'first-password-1');
    await b.page.fill('#confirm', 'first-password-1');
    await shot(b.page, '00-install');
    await b.page.click('button:has-text("Create superuser")');
    await b.page.waitForSelector('text=+ New collection');
    const rows = await app.store.query<{ email: string }>('SELECT email FROM _superusers');
    assert.deepEqual(rows.map((r) => r.email), ['first@example.com']);
    assert.equal(await installerLink(app, url), undefined);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    app.realtime.close();
    await server.close();
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('committed web/admin/dist is what its sources build to', async () => {
  const out = mkdtempSync(join(tmpdir(), 'plinth-admin-build-'));
  try {
    await build({ root: join(dashboardDir, '..'), logLevel: 'silent', build: { outDir: out, emptyOutDir: true } });
    const files = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? files(join(d, n)) : [join(d, n)]));
    const built = files(out).map((f) => relative(out, f)).sort();
    assert.deepEqual(files(dashboardDir).map((f) => relative(dashboardDir, f)).sort(), built, 'run `npm run build:admin` and commit web/admin/dist');
    for (const f of built) assert.ok(readFileSync(join(out, f)).equals(readFileSync(join(dashboardDir, f))), `${f} differs: run npm run build:admin`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
