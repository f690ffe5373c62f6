/**
 * The staff console in a real browser (Debian's Chromium through playwright-core), against the real
 * platform: the gateway serving the built console at /console, identity, content and trust-safety over
 * NATS and PostgreSQL. The flows of issue 8: a member is refused; a moderator signs in, opens the top
 * case, suspends the author with a statement and sees the case closed; a senior moderator overturns an
 * appeal; a verifier approves a request after viewing its documents (each view logged). Screenshots of
 * the main pages go to test/artifacts/console (git-ignored).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { eventually } from '@weop/testing';
import { CONSOLE_DIR, attr, count, ensureConsoleBuilt, hasText, lacksText, launchBrowser, unlabelledControls, until, value, visible } from './support/browser';
import type { Browser } from './support/browser';
import { given } from './support/given';
import type { SignedIn } from './support/given';
import { client } from './support/http';
import type { Api } from './support/http';
import { startPlatform } from './support/platform';
import type { Platform } from './support/platform';

let platform: Platform;
let api: Api;
let the: ReturnType<typeof given>;
let browser: Browser;
let moderator: SignedIn;
let seniorA: SignedIn;
let seniorB: SignedIn;
let verifier: SignedIn;
let mailbox: string;

/** A real browser on a shared, loaded machine: room for each flow. */
jest.setTimeout(90_000);

/** Short-lived access tokens, so the silent refresh happens within a test. */
const ACCESS_TOKEN_TTL_SECONDS = 40;
/** The console keeps its session in the tab's sessionStorage (read in the page). */
const STORED_SESSION = "sessionStorage.getItem('weop.console.session')";

beforeAll(async () => {
  ensureConsoleBuilt();
  mailbox = await mkdtemp(join(tmpdir(), 'weop-console-mailbox-'));
  platform = await startPlatform('console', { WEOP_CONSOLE_DIR: CONSOLE_DIR }, { ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS), WEOP_MAILBOX_DIR: mailbox }, { content: true, trustSafety: true });
  api = client(platform.baseUrl);
  the = given(api);
  const admin = await the.admin();
  const staff = async (role: string, displayName: string): Promise<SignedIn> => {
    const m = await the.member({ displayName });
    await api('POST', `/api/v1/admin/users/${m.id}/roles`, { token: admin.accessToken, body: { role } });
    return the.signIn(m.email, m.password);
  };
  moderator = await staff('moderator', 'Moderator');
  seniorA = await staff('senior-moderator', 'Senior A');
  seniorB = await staff('senior-moderator', 'Senior B');
  verifier = await staff('verifier', 'Verifier');
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await platform?.close();
  if (mailbox) await rm(mailbox, { recursive: true, force: true });
});

const blogBy = async (author: SignedIn, title: string): Promise<string> =>
  (await api('POST', '/api/v1/blogs', { token: author.accessToken, body: { title, body: `${title}: the text the reporters saw.`, originalityAttested: true } })).body.id as string;
const report = async (blogId: string, guideline: string): Promise<void> => {
  const reporter = await the.member();
  const filed = await api('POST', '/api/v1/reports', { token: reporter.accessToken, body: { subject: { type: 'blog', id: blogId }, guideline, details: 'Seen on the blog page.' } });
  expect(filed.status).toBe(202);
};
/** Access tokens live 40 seconds here: a fresh one for each call the test makes itself. */
const tokenOf = async (who: SignedIn): Promise<string> => (await the.signIn(who.email, who.password)).accessToken;
const caseOf = (blogId: string): Promise<{ id: string }> =>
  eventually(async () => {
    const page = await api('GET', '/api/v1/moderation/cases?limit=100', { token: await tokenOf(moderator) });
    return (page.body.items as { id: string; subject: { id: string } }[]).find((c) => c.subject.id === blogId);
  });

async function signIn(page: Page, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${platform.baseUrl}/console`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

describe('the staff console', () => {
  it('is served by the gateway at /console with its own security headers', async () => {
    const res = await fetch(`${platform.baseUrl}/console/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await res.text()).toContain('<div id="root">');
    const bare = await fetch(`${platform.baseUrl}/console`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe('/console/');
  });

  it('refuses a member with a clear message, and ends the session it opened', async () => {
    const member = await the.member();
    const page = await browser.page();
    // By keyboard alone: the fields in order, Enter to send.
    await page.goto(`${platform.baseUrl}/console/`);
    await page.getByLabel('Email').focus();
    await page.keyboard.type(member.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(member.password);
    await page.keyboard.press('Enter');
    await hasText(page.getByRole('alert'), 'for platform staff only');
    await count(page.getByRole('navigation'), 0);
    await browser.screenshot(page, 'sign-in-refused');
    expect(await unlabelledControls(page)).toEqual([]);
    // The console's sign-in opened a session and ended it: only the test's own is left.
    await eventually(async () => ((await api('GET', '/api/v1/me/sessions', { token: member.accessToken })).body.items.length === 1 ? true : undefined), 5000);
    const wrong = await browser.page();
    await signIn(wrong, { email: member.email, password: 'not-her-password-at-all' });
    await hasText(wrong.getByRole('alert'), 'email or password is not right');
    await page.close();
    await wrong.close();
  });

  it('lets a moderator open the top case, suspend the author with a statement and see the case closed', async () => {
    const author = await the.member({ displayName: 'Author' });
    const other = await the.member({ displayName: 'Other author' });
    const ordinary = await blogBy(other, 'A rude remark');
    await report(ordinary, 'respect');
    const urgent = await blogBy(author, 'A threat against a member');
    await report(urgent, 'safety');
    const urgentCase = await caseOf(urgent);
    await caseOf(ordinary);

    const page = await browser.page();
    await signIn(page, moderator);
    await visible(page.getByRole('heading', { name: 'Moderation queue' }));
    const rows = page.locator('table.queue tbody tr');
    await count(rows, 2);
    // Priority order: the safety lane first, and it stands out.
    await attr(rows.first(), 'data-case', urgentCase.id);
    await attr(rows.first(), 'class', /safety/);
    await hasText(rows.first(), 'Safety lane');
    await visible(page.getByText('2 cases shown, 1 in the safety lane'));
    await browser.screenshot(page, 'queue');
    expect(await unlabelledControls(page)).toEqual([]);
    // A tablet in portrait.
    await page.setViewportSize({ width: 820, height: 1180 });
    await browser.screenshot(page, 'queue-tablet');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Filters: the guideline narrows the queue; "assigned to me" after a claim.
    await page.getByLabel('Guideline').selectOption('respect');
    await page.getByRole('button', { name: 'Apply' }).click();
    await count(rows, 1);
    await page.getByLabel('Guideline').selectOption('');
    await page.getByRole('button', { name: 'Apply' }).click();
    await count(rows, 2);
    await rows.first().getByRole('button', { name: /^Claim/ }).click();
    await hasText(rows.first(), 'me');
    await page.getByLabel('Assigned to me').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await count(rows, 1);
    await attr(rows.first(), 'data-case', urgentCase.id);

    // The top case: snapshot, pseudonymous report, the author's record and the suggestion.
    await rows.first().getByRole('link', { name: /^Open/ }).click();
    await visible(page.getByRole('heading', { name: /^Case / }));
    await hasText(page.locator('.snapshot'), 'A threat against a member');
    await hasText(page.locator('.reports'), 'Reporter:');
    await lacksText(page.locator('.reports'), author.email);
    await visible(page.getByText('Active strikes: 0'));
    await visible(page.getByText('Suggested sanction:'));
    await hasText(page.getByTestId('case-status'), 'open', true);
    await hasText(page.locator('.author'), 'Her own reports: 0 upheld, 0 dismissed.');

    // Decide: the template follows the guideline; a suspension asks for confirmation.
    await page.getByLabel('Action').selectOption('suspend');
    await value(page.getByLabel('Statement of reasons (the member reads it)'), /guideline "Safety"/);
    await page.getByLabel('Guideline', { exact: true }).selectOption('respect');
    await value(page.getByLabel('Statement of reasons (the member reads it)'), /guideline "Respect"/);
    await page.getByLabel('Guideline', { exact: true }).selectOption('safety');
    const statement = 'Your content threatens or endangers a person\'s safety (guideline "Safety"). Specifically: the post threatens a named member.';
    await page.getByLabel('Statement of reasons (the member reads it)').fill(statement);
    await page.getByLabel('Duration in days').fill('7');
    await browser.screenshot(page, 'case');
    expect(await unlabelledControls(page)).toEqual([]);
    await page.getByRole('button', { name: 'Decide' }).click();
    const dialog = page.getByRole('alertdialog');
    await hasText(dialog, 'Suspend the author for 7 days');
    await browser.screenshot(page, 'case-confirm');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await visible(page.getByText('This case is closed (decided).'));
    await hasText(page.getByTestId('case-status'), 'decided', true);
    await hasText(page.locator('.history'), 'decided');

    // What the platform did: the author is suspended, and reads the statement.
    await eventually(async () => ((await api('POST', '/api/v1/auth/login', { body: { email: author.email, password: author.password } })).body.account?.status === 'suspended' ? true : undefined), 10_000);
    await page.close();
  });

  it('renews the access token silently and signs out', async () => {
    const page = await browser.page();
    await signIn(page, moderator);
    await visible(page.getByRole('heading', { name: 'Moderation queue' }));
    const first = await page.evaluate<string | null>(STORED_SESSION);
    // Renewed ahead of expiry, without a sign-in.
    await until(async () => (await page.evaluate<string | null>(STORED_SESSION)) !== first || 'not renewed yet', 'the access token to be renewed', ACCESS_TOKEN_TTL_SECONDS * 1000);
    await page.getByRole('link', { name: 'Dashboard' }).click();
    await visible(page.getByRole('heading', { name: 'Transparency statistics' }));
    await lacksText(page.getByTestId('reports-received'), '0', true);
    await visible(page.getByRole('img', { name: /Reports per day, by guideline/ }));
    await visible(page.getByRole('img', { name: /Actions by kind: Suspend 1/ }));
    await browser.screenshot(page, 'dashboard');
    expect(await unlabelledControls(page)).toEqual([]);

    // Russian, the same page.
    await page.getByLabel('Language').selectOption('ru');
    await visible(page.getByRole('heading', { name: 'Статистика прозрачности' }));
    await browser.screenshot(page, 'dashboard-ru');
    await page.getByLabel('Язык').selectOption('en');

    const token = JSON.parse((await page.evaluate<string | null>(STORED_SESSION))!) as { accessToken: string };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await visible(page.getByRole('heading', { name: 'Staff sign-in' }));
    expect(await page.evaluate<string | null>(STORED_SESSION)).toBeNull();
    // The session is ended on the server too.
    await eventually(async () => ((await api('GET', '/api/v1/me/sessions', { token: token.accessToken })).status === 401 ? true : undefined), 5000);
    await page.close();
  });

  it('lets a senior moderator overturn an appeal, and not judge her own decision', async () => {
    const offender = await the.member({ displayName: 'Appellant' });
    const blogId = await blogBy(offender, 'A quoted insult');
    await report(blogId, 'respect');
    const { id: caseId } = await caseOf(blogId);
    const decided = await api('POST', `/api/v1/moderation/cases/${caseId}/decisions`, { token: await tokenOf(seniorA), body: { action: 'warn', guideline: 'respect', statement: 'The post insults another member.' } });
    expect(decided.status).toBe(201);
    const appeal = await api('POST', `/api/v1/sanctions/${decided.body.sanctionId as string}/appeals`, { token: offender.accessToken, body: { text: 'I quoted the insult to report it.' } });
    expect(appeal.status).toBe(201);

    // The one who decided sees she may not judge it.
    const own = await browser.page();
    await signIn(own, seniorA);
    await own.getByRole('link', { name: 'Appeals' }).click();
    await hasText(own.locator('.card', { hasText: 'I quoted the insult to report it.' }), 'another senior moderator must judge the appeal');
    await own.close();

    const page = await browser.page();
    await signIn(page, seniorB);
    await page.getByRole('link', { name: 'Appeals' }).click();
    const card = page.locator('.card', { hasText: 'I quoted the insult to report it.' });
    await visible(card);
    await browser.screenshot(page, 'appeals');
    expect(await unlabelledControls(page)).toEqual([]);
    await card.getByLabel('Overturn the sanction').check();
    await card.getByLabel('Reasons (the member reads them)').fill('She was quoting the insult to report it.');
    await card.getByRole('button', { name: 'Decide the appeal' }).click();
    await hasText(page.getByRole('status'), 'Appeal decided: Overturn the sanction.');
    await count(page.locator('.card', { hasText: 'I quoted the insult to report it.' }), 0);

    const sanctions = await api('GET', '/api/v1/me/sanctions', { token: await tokenOf(offender) });
    expect(sanctions.body.items[0]).toMatchObject({ state: 'lifted', appeal: { id: appeal.body.id, status: 'overturned' } });
    await page.close();
  });

  it('lets a verifier review a request, view its documents (each view logged) and approve it', async () => {
    const image = (seed: number): Promise<Buffer> =>
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400"><rect width="100%" height="100%" fill="rgb(${seed * 40},120,180)"/><text x="40" y="80" font-size="40">PASSPORT ${seed}</text></svg>`)).jpeg().toBuffer();
    const member = await the.member({ displayName: 'Nargiza' });
    const form = new FormData();
    for (const [k, v] of Object.entries({ kind: 'identity', documentType: 'passport', legalName: 'Nargiza Karimova', documentNumber: 'AB 1234567' })) form.append(k, v);
    form.append('documentFront', new Blob([await image(1)], { type: 'image/jpeg' }), 'front.jpg');
    form.append('selfie', new Blob([await image(2)], { type: 'image/jpeg' }), 'selfie.jpg');
    const submitted = await fetch(`${platform.baseUrl}/api/v1/verification/requests`, { method: 'POST', headers: { authorization: `Bearer ${member.accessToken}` }, body: form });
    expect(submitted.status).toBe(201);
    const { id } = (await submitted.json()) as { id: string };

    // A verifier sees her sections only: no moderation queue.
    const page = await browser.page();
    await signIn(page, verifier);
    await visible(page.getByRole('heading', { name: 'Verification queue' }));
    await count(page.getByRole('link', { name: 'Moderation queue' }), 0);
    const row = page.locator(`tr[data-request="${id}"]`);
    await hasText(row, 'submitted');
    await browser.screenshot(page, 'verification-queue');
    await row.getByRole('link', { name: /^Open/ }).click();
    await page.getByRole('button', { name: 'Take into review' }).click();
    await hasText(page.getByTestId('request-status'), 'in-review', true);
    await visible(page.getByText('Nargiza Karimova'));
    await visible(page.getByText('No document has been viewed yet.'));
    await page.getByRole('button', { name: 'Show documentFront' }).click();
    await visible(page.getByRole('img', { name: 'Document: documentFront' }));
    await count(page.locator('.access-log li'), 1);
    await hasText(page.locator('.access-log'), 'documentFront');
    await browser.screenshot(page, 'verification-request');
    expect(await unlabelledControls(page)).toEqual([]);
    const log = await api('GET', `/api/v1/verification/requests/${id}/access-log`, { token: await tokenOf(verifier) });
    expect(log.body).toEqual([{ verifierId: verifier.id, slot: 'documentFront', at: expect.any(String) }]);

    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await hasText(page.getByRole('status'), 'Decision recorded: approved.');
    await hasText(page.getByTestId('request-status'), 'approved', true);
    await count(page.getByRole('button', { name: /^Show / }), 0);
    expect((await api('GET', '/api/v1/me', { token: await tokenOf(member) })).body.verification).toEqual({ identity: 'verified' });
    await page.close();
  });

  it('lets a verifier approve an organisation once its email domain is confirmed', async () => {
    const requester = await the.member({ displayName: 'Aigerim' });
    const form = new FormData();
    for (const [k, v] of Object.entries({ name: 'Steppe Women Network', country: 'KZ', registrationNumber: 'BIN 123456789012', website: 'https://steppewomen.kz', emailDomain: 'steppewomen.kz', contactEmail: 'office@steppewomen.kz' })) form.append(k, v);
    const certificate = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400"><rect width="100%" height="100%" fill="#8ac"/><text x="40" y="80" font-size="40">CERTIFICATE</text></svg>')).jpeg().toBuffer();
    form.append('registrationCertificate', new Blob([certificate], { type: 'image/jpeg' }), 'certificate.jpg');
    const created = await fetch(`${platform.baseUrl}/api/v1/verification/organizations`, { method: 'POST', headers: { authorization: `Bearer ${requester.accessToken}` }, body: form });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const code = await eventually(async () => {
      for (const name of (await readdir(mailbox)).sort().reverse()) {
        const mail = (await readFile(join(mailbox, name), 'utf8')).replace(/=\r?\n/g, '');
        if (mail.includes('To: office@steppewomen.kz')) return /code is (\d{6})/.exec(mail)?.[1];
      }
      return undefined;
    });
    expect((await api('POST', `/api/v1/verification/organizations/${id}/email-confirmation`, { token: requester.accessToken, body: { code } })).status).toBe(200);

    const page = await browser.page();
    await signIn(page, verifier);
    const row = page.locator(`tr[data-request="${id}"]`);
    await hasText(row, 'organization');
    await row.getByRole('link', { name: /^Open/ }).click();
    await visible(page.getByRole('heading', { name: 'Steppe Women Network' }));
    await page.getByRole('button', { name: 'Take into review' }).click();
    await hasText(page.getByTestId('request-status'), 'in-review', true);
    await page.getByRole('button', { name: 'Show registrationCertificate' }).click();
    await visible(page.getByRole('img', { name: 'Document: registrationCertificate' }));
    expect(await unlabelledControls(page)).toEqual([]);
    await browser.screenshot(page, 'organization-request');
    await page.getByLabel('Approve').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await hasText(page.getByRole('status'), 'Decision recorded: approved.');
    expect((await api('GET', `/api/v1/organizations/${id}`)).body).toMatchObject({ status: 'approved', verified: true });
    await page.close();
  });

  it('lets a moderator approve a job pending review; appeals are only for senior moderators', async () => {
    const poster = await the.member({ displayName: 'Poster' });
    const created = await api('POST', '/api/v1/jobs', {
      token: poster.accessToken,
      body: {
        title: 'Programme Officer, Women in Trade',
        organization: 'CAREC Institute',
        country: 'GE',
        city: 'Tbilisi',
        description: 'Coordinate the programme with partners across the region. Five years of experience.',
        howToApply: 'Apply through https://example.org/careers before the deadline.',
        salaryMin: 2500,
        salaryMax: 3500,
        currency: 'USD',
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.status).toBe('pending-review');

    const page = await browser.page();
    await signIn(page, moderator);
    await page.getByRole('link', { name: 'Jobs to review' }).click();
    await visible(page.getByRole('heading', { name: 'Jobs pending review' }));
    const card = page.locator('.card', { hasText: 'Programme Officer, Women in Trade' });
    await visible(card);
    await browser.screenshot(page, 'jobs');
    expect(await unlabelledControls(page)).toEqual([]);
    await card.getByRole('button', { name: 'Approve' }).click();
    await hasText(page.getByRole('status'), 'Job reviewed.');
    await visible(page.getByText('No job is waiting for review.'));
    expect((await api('GET', `/api/v1/jobs/${created.body.id as string}`)).status).toBe(200);

    await count(page.getByRole('link', { name: 'Appeals' }), 0);
    await page.goto(`${platform.baseUrl}/console/#/appeals`);
    await hasText(page.getByRole('alert'), 'no access');
    await page.close();
  });
});
