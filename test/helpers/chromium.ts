import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'puppeteer-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it). puppeteer-core downloads nothing. */
export const CHROMIUM = process.env.HF_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumMissing(): string | undefined {
  return fs.existsSync(CHROMIUM) ? undefined : `${CHROMIUM} is missing: install Chromium (apt-get update && apt-get install -y chromium; .ci/run does) or point HF_CHROMIUM at one`;
}

export interface LaunchedChromium {
  browser: Browser;
  /** The tab Chromium opens at launch (a second one would cost another target and renderer). */
  page: Page;
  close(): Promise<void>;
}

/**
 * Headless, sandbox-free (root in containers), no network chatter, a fresh profile removed on close.
 * The process is spawned as soon as queued promise jobs have run (nothing before it waits on I/O),
 * so a caller can start this, yield once (setImmediate) and do synchronous work while it boots.
 */
export async function launchChromium(): Promise<LaunchedChromium> {
  const puppeteer = (await import('puppeteer-core')).default;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'hf-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`,
    ],
  });
  const [page = await browser.newPage()] = await browser.pages();
  return {
    browser,
    page,
    close: async () => {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}
