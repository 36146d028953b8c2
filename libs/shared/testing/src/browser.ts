import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Flags Debian's Chromium needs here: no sandbox as root, no GPU, and none of the
 * background traffic (updates, sync, QUIC probes) that floods a closed network.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where page tests leave what they saw when they failed (screenshots), under the repository. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '../../../../tmp/screenshots');

/**
 * A real headless Chromium, through playwright-core (the browser is the system's: the
 * test setup `test-setup/global-setup-browser.cjs` finds or installs it and sets
 * CHROMIUM_PATH). Fails, never skips, when there is none.
 */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'];
  if (!executablePath) {
    throw new Error('CHROMIUM_PATH is not set: run page tests through `npm test` (its setup provides Chromium), or run infra/browser/chromium.sh');
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
}

/** A phone-sized viewport (a 360 x 740 CSS-pixel Android phone), touch enabled. */
export const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } as const;

/**
 * Runs `steps` on a fresh page; if they throw, a full-page screenshot is saved under
 * `tmp/screenshots/<name>.png` (its path added to the error) before the error goes on.
 */
export async function onPage<T>(browser: Browser, name: string, steps: (page: Page, context: BrowserContext) => Promise<T>, options: Parameters<Browser['newContext']>[0] = {}): Promise<T> {
  const context = await browser.newContext({ locale: 'pt-BR', timezoneId: 'America/Sao_Paulo', ...options });
  const page = await context.newPage();
  try {
    return await steps(page, context);
  } catch (error) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name.replace(/[^a-zA-Z0-9-_]+/g, '-')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    if (error instanceof Error) error.message += `\n(screenshot of the page: ${file})`;
    throw error;
  } finally {
    await context.close();
  }
}
