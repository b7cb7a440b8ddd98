import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
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
import { startS3 } from './files-fixtures.js';
import { startMailServer, tokenFromMail, type MailServer } from './mail-server.js';

// Debian's Chromium; CI installs it (.ci/run). Nothing is downloaded here.
const chromiumPath = '/usr/bin/chromium';
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Generous for a cold browser on a busy CI machine; each wait still fails fast on errors.
const waitMs = 15_000;

// Committed and shown in the README; toasts and the caret are left out so reruns differ little.
const shots = join(import.meta.dirname, '..', 'docs', 'screenshots');
mkdirSync(shots, { recursive: true });

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

// Hidden through the CSSOM: the CSP refuses the <style> tag Playwright's `style` option would add.
const toastsShown = (page: Page, on: boolean) => page.evaluate((show) => document.querySelectorAll<HTMLElement>('.toasts').forEach((t) => (t.style.display = show ? '' : 'none')), on);
async function shot(page: Page, name: string) {
  await toastsShown(page, false);
  await page.screenshot({ path: join(shots, `${name}.png`), animations: 'disabled', caret: 'hide' });
  await toastsShown(page, true);
}

describe('dashboard in Chromium', () => {
  let server: TestServer;
  let b: Awaited<ReturnType<typeof launch>>;
  let mail: MailServer;
  before(async () => {
    server = await startServer();
    mail = await startMailServer();
    b = await launch();
  });
  after(async () => {
    await b?.close();
    await mail?.close();
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

  test('auth users: verification and reset emails, impersonation, OAuth2/OTP/MFA options, mail templates with preview', async () => {
    const { page, context } = b;
    const admin = await server.admin();
    await mail.configure(admin);
    const pending = await admin.collection('users').create({ email: 'pending@example.com', password: 'pending-password-1', passwordConfirm: 'pending-password-1', name: 'Pending Person' });

    // verification and password reset emails, sent from the user's form, arrive over SMTP
    await page.goto(server.url + '/_/#/collections/users');
    await page.click('tbody tr:has-text("pending@example.com")');
    await page.click('button:has-text("Send verification email")');
    const verifyMail = await mail.take('pending@example.com');
    assert.equal(verifyMail.subject, 'Verify your Plinth Test email');
    await server.client().collection('users').confirmVerification(tokenFromMail(verifyMail));
    assert.equal((await admin.collection('users').getOne(pending.id)).verified, true);
    await page.click('button:has-text("Send password reset email")');
    const resetMail = await mail.take('pending@example.com');
    assert.equal(resetMail.subject, 'Reset your Plinth Test password');
    await server.client().collection('users').confirmPasswordReset(tokenFromMail(resetMail), 'new-password-123', 'new-password-123');
    await server.client().collection('users').authWithPassword('pending@example.com', 'new-password-123');

    // impersonation: a token for the user, shown, copied, and accepted by the API as that user
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.fill('#impersonate-duration', '600');
    await page.click('button:has-text("Get auth token")');
    const token = await page.inputValue('#impersonate-token');
    await page.click('.auth-actions button:has-text("Copy")');
    await page.waitForSelector('.toast:has-text("Token copied.")');
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), token);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    assert.equal(claims.id, pending.id);
    assert.ok(Math.abs(claims.exp - Date.now() / 1000 - 600) < 60, 'lasts the 600 s asked for');
    assert.equal(claims.refreshable, false);
    const asUser = await server.fetchJson('/api/collections/users/auth-refresh', { method: 'POST', token });
    assert.equal(asUser.status, 200);
    assert.equal(asUser.body.record.email, 'pending@example.com');
    await shot(page, '10-user-actions');
    await page.keyboard.press('Escape');
    await page.waitForSelector('.drawer', { state: 'detached' });

    // auth options: OAuth2 with a provider and mapped fields, OTP, MFA, token lifetimes
    await page.click('button:has-text("Edit collection")');
    await page.click('[role=tab]:has-text("Auth options")');
    await page.check('#oauth2-enabled');
    await page.selectOption('[aria-label="OAuth2 provider to add"]', 'github');
    await page.click('button:has-text("+ Add provider")');
    await page.fill('#oauth2-github-clientId', 'gh-client-id');
    await page.fill('#oauth2-github-clientSecret', 'gh-client-secret');
    await page.selectOption('#oauth2-map-avatarURL', '');
    await page.selectOption('#oauth2-map-username', 'name');
    await page.check('#otp-enabled');
    await page.fill('#otp-duration', '300');
    await page.fill('#otp-length', '6');
    await page.check('#mfa-enabled');
    await page.fill('#mfa-duration', '900');
    await page.fill('#mfa-rule', '@request.context != "oauth2"');
    await page.fill('#tok-authToken', '3600');
    await page.locator('.drawer .body').evaluate((el) => el.scrollTo(0, 0));
    await shot(page, '11-auth-options');

    // mail templates: edit the verification email; the preview fills placeholders with samples as you type
    await page.click('[role=tab]:has-text("Mail templates")');
    await page.fill('#mail-subject', 'Confirm {APP_NAME} for {RECORD:name}');
    await page.waitForSelector('[data-testid=preview-subject]:text-is("Confirm Plinth Test for Jane Doe")');
    await page.fill('#mail-body', '<p>Hi {RECORD:email},</p>\n<p><a class="btn" href="{APP_URL}/_/#/auth/confirm-verification/{TOKEN}" onclick="alert(1)">Verify</a></p>\n<script>alert(1)</script>');
    await page.waitForSelector('[data-testid=preview-body]:has-text("Hi jane@example.com,")');
    const link = page.locator('[data-testid=preview-body] a');
    assert.match(await link.getAttribute('href') ?? '', /^http:\/\/app\.example\.test\/_\/#\/auth\/confirm-verification\/eyJ/);
    assert.equal(await link.getAttribute('onclick'), null);
    assert.equal(await page.locator('[data-testid=preview-body] script').count(), 0);
    await page.click('[role=tab]:has-text("One-time password")');
    await page.waitForSelector('[data-testid=preview-body]:has-text("Your one-time password: 123456")');
    await page.click('[role=tab]:has-text("Verification")');
    await page.locator('#mail-body').press('End');
    await page.click('button[title="Insert {RECORD:name} at the cursor"]');
    assert.match(await page.inputValue('#mail-body'), /\{RECORD:name\}$/);
    await shot(page, '12-mail-templates');
    await page.click('.drawer footer button:has-text("Save changes")');
    await page.waitForSelector('.toast:has-text("Saved \\"users\\".")');

    const users = await admin.collections.getOne('users');
    assert.equal(users.oauth2.enabled, true);
    assert.deepEqual(users.oauth2.providers.map((p: any) => [p.name, p.clientId, p.clientSecret]), [['github', 'gh-client-id', undefined]]);
    assert.equal(users.oauth2.mappedFields.avatarURL, '');
    assert.equal(users.oauth2.mappedFields.username, 'name');
    assert.deepEqual([users.otp.enabled, users.otp.duration, users.otp.length], [true, 300, 6]);
    assert.deepEqual([users.mfa.enabled, users.mfa.duration, users.mfa.rule], [true, 900, '@request.context != "oauth2"']);
    assert.equal(users.authToken.duration, 3600);
    assert.equal(users.verificationTemplate.subject, 'Confirm {APP_NAME} for {RECORD:name}');
    assert.match(users.verificationTemplate.body, /<p>Hi \{RECORD:email\},<\/p>/);
    assert.equal(server.app.collections.get('users').oauth2?.providers[0].clientSecret, 'gh-client-secret');
    const methods = await server.client().collection('users').listAuthMethods();
    assert.deepEqual(methods.oauth2.providers.map((p) => p.name), ['github']);
    assert.equal(methods.otp.enabled, true);
    assert.equal(methods.mfa.enabled, true);

    // saving again (the server never sends the client secret back) keeps the secret
    await page.click('button:has-text("Edit collection")');
    await page.click('[role=tab]:has-text("Auth options")');
    await page.fill('#tok-authToken', '7200');
    await page.click('.drawer footer button:has-text("Save changes")');
    await page.waitForSelector('.drawer', { state: 'detached' });
    assert.equal((await admin.collections.getOne('users')).authToken.duration, 7200);
    assert.equal(server.app.collections.get('users').oauth2?.providers[0].clientSecret, 'gh-client-secret');

    // the edited template is what the next verification email uses
    await admin.collection('users').create({ email: 'second@example.com', password: 'second-password-1', passwordConfirm: 'second-password-1', name: 'Second User' });
    // from the keyboard: a focused row opens with Enter, Escape closes and focus returns to the row
    await page.locator('tbody tr:has-text("second@example.com")').focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('.drawer');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.drawer')), 'focus moves into the form');
    await page.click('button:has-text("Send verification email")');
    const edited = await mail.take('second@example.com');
    assert.equal(edited.subject, 'Confirm Plinth Test for Second User');
    assert.match(edited.html, /Hi second@example\.com,/);
    assert.match(edited.html, /Second User/);
    assert.doesNotMatch(edited.html, /\{RECORD:/);
    await page.keyboard.press('Escape');
    await page.waitForSelector('.drawer', { state: 'detached' });
    // focus comes back once the panel has unmounted, which may be a frame after it left the DOM
    await page.waitForFunction(() => document.activeElement?.closest('tr')?.textContent?.includes('second@example.com'), undefined, { timeout: 5000 });
    assert.deepEqual(b.errors, []);
  });

  test('SQL console: rows with typed columns, writes report affected rows, errors shown', async () => {
    const { page } = b;
    const admin = await server.admin();
    await page.goto(server.url + '/_/#/sql');
    await page.fill('#sql-query', 'SELECT email, verified FROM users ORDER BY email');
    await page.locator('#sql-query').press('Control+Enter');
    await page.waitForSelector('table.sql-result tbody tr');
    const emails = (await admin.collection('users').getFullList({ sort: 'email' })).map((u) => u.email);
    assert.deepEqual(await page.locator('table.sql-result tbody tr td:first-child').allTextContents(), emails);
    await shot(page, '14-sql-console');
    await page.fill('#sql-query', "UPDATE users SET name = 'Renamed' WHERE email = 'second@example.com'");
    await page.click('button:has-text("Run")');
    await page.waitForSelector('[data-testid=sql-summary]:has-text("1 row affected")');
    assert.equal((await admin.collection('users').getFirstListItem('email = "second@example.com"')).name, 'Renamed');
    await page.fill('#sql-query', 'SELEC nonsense');
    await page.click('button:has-text("Run")');
    await page.waitForSelector('[role=alert]:has-text("Failed to execute query")');

    b.errors.splice(0, b.errors.length, ...b.errors.filter((e) => !/status of 400/.test(e))); // the expected 400 above
    assert.deepEqual(b.errors, []);
  });

  test('logs chart and table with details, S3 test connection, phone width', async () => {
    const { page } = b;
    const admin = await server.admin();
    for (const path of ['/api/health', '/api/collections/users/records', '/api/nope', '/api/nope']) await fetch(server.url + path);
    await page.goto(server.url + '/_/#/logs');
    await page.waitForSelector('.chart rect[data-status="4xx"]');
    await page.waitForSelector('.chart rect[data-status="2xx"]');
    const fourXX = await page.locator('.chart rect[data-status="4xx"]').evaluateAll((els) => els.reduce((n, e) => n + Number((e as SVGElement).dataset.count), 0));
    const notFound = await admin.logs.getList(1, 1, { filter: 'data.status >= 400 && data.status < 500' });
    assert.equal(fourXX, notFound.totalItems);
    await shot(page, '13-logs');
    await page.fill('[aria-label="Search or filter logs"]', 'data.url = "/api/nope"');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('table.logs tbody tr').length === 2);
    assert.match(await page.textContent('table.logs tbody') ?? '', /404/);
    await page.locator('table.logs tbody tr').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForSelector('table.kv td:text-is("/api/nope")');
    await page.keyboard.press('Escape');

    // S3: the storage settings answer "test connection" against a real S3 server
    const s3 = await startS3();
    try {
      await admin.settings.update({ s3: { enabled: true, endpoint: s3.endpoint, bucket: s3.bucket, region: 'us-east-1', accessKey: 'S3RVER', secret: 'S3RVER', forcePathStyle: true } });
      await page.goto(server.url + '/_/#/settings');
      await page.click('button:has-text("Test connection")');
      await page.waitForSelector('[data-testid=s3-outcome]:text-is("S3 connection works.")');
      await admin.settings.update({ s3: { bucket: 'no-such-bucket' } });
      await page.click('button:has-text("Test connection")');
      await page.waitForSelector('[data-testid=s3-outcome].error');
      await admin.settings.update({ s3: { enabled: false, bucket: s3.bucket } });
    } finally {
      await s3.stop();
    }
    b.errors.splice(0, b.errors.length, ...b.errors.filter((e) => !/status of 400/.test(e))); // the expected 400s above

    // phone width: the logs page and a record form still fit
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(server.url + '/_/#/logs');
    await page.waitForSelector('.chart');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1), 'no horizontal page scroll');
    await shot(page, '15-phone-logs');
    await page.setViewportSize({ width: 1360, height: 860 });
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
