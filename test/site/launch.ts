/**
 * The one place the site's browser tests start Chromium (headless, through playwright-core), so
 * pointing them at another browser (e.g. one from npm) is a change here only.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

// Debian's Chromium; COURSE_CHROMIUM may name another binary (or a missing one, to see the skip).
export const CHROMIUM = process.env.COURSE_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Why the browser tests cannot run here, or undefined when they can. */
export function whyNoBrowser(): string | undefined {
  return existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is not installed (apt-get install -y chromium; .ci/run installs it)`;
}

export async function launchBrowser(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
