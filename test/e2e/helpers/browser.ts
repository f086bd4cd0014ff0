import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page, type Response } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`); never a downloaded browser. */
export const chromiumPath = process.env.LATCHKEY_E2E_CHROMIUM ?? '/usr/bin/chromium';

export const screenshotDir = join(__dirname, '..', 'screenshots');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** What the checks of one browser context found. */
export interface PageChecks {
  /** Every Latchkey HTML response seen, as `STATUS METHOD path`. */
  readonly htmlPages: string[];
  /** Security-header problems, one line each. */
  readonly headerProblems: string[];
  /** Console errors that are CSP violations (or anything else unexpected). */
  readonly consoleProblems: string[];
  /** Every path requested from Latchkey, in order (redirects included). */
  readonly serverPaths: string[];
  /** Waits for the header checks still in flight. */
  settle(): Promise<void>;
}

/** Checks one Latchkey HTML response's headers (issue 4, §4 "Pages send ..."). */
async function checkHeaders(response: Response, problems: string[], pages: string[]): Promise<void> {
  const headers = await response.allHeaders();
  if (!(headers['content-type'] ?? '').startsWith('text/html')) return;
  const url = new URL(response.url());
  const label = `${response.status()} ${response.request().method()} ${url.pathname}`;
  pages.push(label);
  const csp = headers['content-security-policy'] ?? '';
  if (!csp.includes("frame-ancestors 'none'")) problems.push(`${label}: Content-Security-Policy without frame-ancestors 'none': ${csp || '(missing)'}`);
  if (headers['x-content-type-options'] !== 'nosniff') problems.push(`${label}: X-Content-Type-Options is ${headers['x-content-type-options'] ?? '(missing)'}`);
  if (!headers['referrer-policy']) problems.push(`${label}: Referrer-Policy missing`);
  if (!/\bno-store\b/.test(headers['cache-control'] ?? '')) problems.push(`${label}: Cache-Control is ${headers['cache-control'] ?? '(missing)'}`);
}

/**
 * Watches every response and console message of a context. Chromium logs
 * "Failed to load resource: ... 4xx" for the error pages themselves; those are
 * expected. Anything else at level error (a CSP violation above all) is a problem.
 */
export function watchContext(context: BrowserContext, serverOrigin: string): PageChecks {
  const htmlPages: string[] = [];
  const headerProblems: string[] = [];
  const consoleProblems: string[] = [];
  const serverPaths: string[] = [];
  const pending: Promise<void>[] = [];
  context.on('response', (response) => {
    if (new URL(response.url()).origin !== serverOrigin) return;
    serverPaths.push(new URL(response.url()).pathname);
    pending.push(checkHeaders(response, headerProblems, htmlPages).catch((error: unknown) => void headerProblems.push(`${response.url()}: ${String(error)}`)));
  });
  context.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    consoleProblems.push(`${message.location().url}: ${text}`);
  });
  context.on('weberror', (error) => void consoleProblems.push(`page error: ${error.error().message}`));
  return {
    htmlPages,
    headerProblems,
    consoleProblems,
    serverPaths,
    async settle() {
      while (pending.length > 0) await Promise.all(pending.splice(0));
    },
  };
}

/** A full-page screenshot under test/e2e/screenshots/ for a reviewer to look at. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
}

/** Describes the focused element: its id, or its tag and text. */
export function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.id ? `#${el.id}` : `${el.tagName.toLowerCase()}:${(el.textContent ?? '').trim()}`;
  });
}

/** Waits until the focused element is `expected` (autofocus runs after load), then returns what has focus. */
export async function waitForFocus(page: Page, expected: string, timeoutMs = 2000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let current = await focused(page);
  while (current !== expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    current = await focused(page);
  }
  return current;
}
