import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (installed by the test set-up); playwright-core never downloads a browser. */
export const CHROMIUM = process.env.HERALD_CHROMIUM ?? '/usr/bin/chromium';

/** A reason to skip browser tests, or false when Chromium is there. */
export const NO_BROWSER: string | false = existsSync(CHROMIUM) ? false : `Chromium is not installed (${CHROMIUM} missing): apt-get install chromium, or set HERALD_CHROMIUM`;

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}
