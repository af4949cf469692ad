import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium; playwright-core ships no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Quiet, reproducible headless Chromium: no sandbox (containers), no GPU, no background traffic or updates. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Launches Chromium, or fails with the command that installs it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install it with \`apt-get install -y chromium\``);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export interface BrowserPage {
  context: BrowserContext;
  page: Page;
  /** Messages the page wrote to its console and uncaught errors, for assertions and failure reports. */
  consoleLines: string[];
  close(): Promise<void>;
}

/**
 * A fresh context (own storage, no shared cookies) and page. `sessionStorage` entries are set before any
 * page script runs, e.g. the JWT the signing page reads from `kyso.token`.
 */
export async function openPage(
  browser: Browser,
  options: { sessionStorage?: Record<string, string> } = {},
): Promise<BrowserPage> {
  const context = await browser.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  if (options.sessionStorage) {
    await context.addInitScript((entries: Record<string, string>) => {
      // Runs in the page; the Node typings have no DOM, hence the narrow cast.
      const storage = (globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } })
        .sessionStorage;
      for (const [key, value] of Object.entries(entries)) storage.setItem(key, value);
    }, options.sessionStorage);
  }
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
  return { context, page, consoleLines, close: () => context.close() };
}
