import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium package: Playwright's own browser download does not work here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots of every page a browser test visits; gitignored, kept by CI as artefacts. */
export const ARTIFACTS = join(import.meta.dirname, '..', '..', 'test-artifacts');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Headless Chromium with a fresh profile, so no cookie or cache leaks between runs. */
export async function launchBrowser(): Promise<{
  newPage: (width?: number) => Promise<Page>;
  close: () => Promise<void>;
}> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `no Chromium at ${CHROMIUM}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`,
    );
  }
  const profile = await mkdtemp(join(tmpdir(), 'dashboard-chromium-'));
  await mkdir(ARTIFACTS, { recursive: true });
  const contexts: BrowserContext[] = [];
  return {
    // One persistent context per page: each is its own browser profile (its own cookies).
    async newPage(width = 1280) {
      const dir = join(profile, String(contexts.length));
      const context = await chromium.launchPersistentContext(dir, {
        executablePath: CHROMIUM,
        headless: true,
        args: ARGS,
        viewport: { width, height: 900 },
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
      });
      contexts.push(context);
      return context.pages()[0] ?? context.newPage();
    },
    async close() {
      for (const context of contexts) await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot of the whole page, cut at the end of its content, under `test-artifacts/`. */
export async function screenshot(page: Page, name: string) {
  await page.locator('body').screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}
