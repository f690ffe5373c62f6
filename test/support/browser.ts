/**
 * A real browser for the console's end-to-end suites: Debian's Chromium driven by playwright-core,
 * launched with the flags STACK.md gives and a fresh profile directory each run.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ROOT = resolve(__dirname, '..', '..');
/** Where the console's built files are; built here when a suite runs before `npm run build`. */
export const CONSOLE_DIR = join(ROOT, 'dist', 'console');
/** Screenshots: test artefacts, git-ignored. */
export const ARTIFACTS_DIR = join(ROOT, 'test', 'artifacts', 'console');

export function ensureConsoleBuilt(): void {
  if (existsSync(join(CONSOLE_DIR, 'index.html'))) return;
  const vite = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/console/vite.config.mjs', '--logLevel', 'warn'], { cwd: ROOT, encoding: 'utf8' });
  if (vite.status !== 0) throw new Error(`the console build failed: ${vite.stdout}${vite.stderr}`);
}

export interface Browser {
  context: BrowserContext;
  /** A new tab: its own sessionStorage, so signed out. */
  page(): Promise<Page>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does it)`);
  const profile = await mkdtemp(join(tmpdir(), 'weop-chromium-'));
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1280, height: 900 } });
  return {
    context,
    async page() {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS_DIR, `${name}.png`), fullPage: true });
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits (polling) until the check holds; fails with what was awaited and what was last seen. */
export async function until(check: () => Promise<boolean | string>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = '';
  for (;;) {
    try {
      const result = await check();
      if (result === true) return;
      last = result;
    } catch (e) {
      last = e instanceof Error ? e.message : e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${String(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Locator = ReturnType<Page['locator']>;
const matches = (seen: string, want: string | RegExp, exact: boolean): boolean => (typeof want === 'string' ? (exact ? seen.trim() === want : seen.includes(want)) : want.test(seen));
const textOf = async (loc: Locator): Promise<string> => (await loc.count()) === 0 ? '(none)' : loc.first().innerText();

export const visible = (loc: Locator): Promise<void> => until(async () => (await loc.first().isVisible()) || 'not visible', `${loc.toString()} to be visible`);
export const hasText = (loc: Locator, want: string | RegExp, exact = false): Promise<void> =>
  until(async () => {
    const seen = await textOf(loc);
    return matches(seen, want, exact) || seen;
  }, `${loc.toString()} to show ${String(want)}`);
export const lacksText = (loc: Locator, want: string | RegExp, exact = false): Promise<void> =>
  until(async () => {
    const seen = await textOf(loc);
    return !matches(seen, want, exact) || seen;
  }, `${loc.toString()} not to show ${String(want)}`);
export const count = (loc: Locator, n: number): Promise<void> =>
  until(async () => {
    const c = await loc.count();
    return c === n || `${c}`;
  }, `${loc.toString()} to count ${n}`);
export const attr = (loc: Locator, name: string, want: string | RegExp): Promise<void> =>
  until(async () => {
    const seen = (await loc.first().getAttribute(name)) ?? '';
    return matches(seen, want, true) || seen;
  }, `${loc.toString()} [${name}] to be ${String(want)}`);
export const value = (loc: Locator, want: string | RegExp): Promise<void> =>
  until(async () => {
    const seen = await loc.first().inputValue();
    return matches(seen, want, true) || seen;
  }, `${loc.toString()} value to be ${String(want)}`);

/** Form controls on the page with no label a screen reader would read (none is allowed). */
export async function unlabelledControls(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea, button')]
    .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !(el.tagName === 'BUTTON' && el.textContent.trim()))
    .map((el) => el.outerHTML.slice(0, 80))`);
}
