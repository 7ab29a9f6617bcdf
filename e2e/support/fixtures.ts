// What every browser test gets: the running Brisk, a REST client for it,
// sign-in, screenshots, and two guards: no request leaves this machine and
// no page error goes unnoticed.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { ApiClient } from '../../packages/testing/src/api-client.ts';

export interface E2eBrisk {
  url: string;
  guestKey: string;
  otherKey: string;
  otherNamespace: string;
  /** The run's own database, for tests that set up records directly. */
  databaseUrl: string;
}

const SCREENSHOTS = path.resolve(import.meta.dirname, '../screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

let counter = 0;
/** A name no other test uses. */
export function unique(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}${(++counter).toString(36)}`;
}

export const test = base.extend<
  { api: ApiClient; otherApi: ApiClient; signIn: (key?: string) => Promise<void>; snap: (name: string) => Promise<void>; pageErrors: string[] },
  { brisk: E2eBrisk }
>({
  brisk: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright requires a destructuring pattern for fixtures without dependencies
    async ({}, use) => {
      const text = process.env.BRISK_E2E;
      if (!text) throw new Error('BRISK_E2E is not set: run the browser tests with `npx playwright test` (global setup starts Brisk).');
      await use(JSON.parse(text) as E2eBrisk);
    },
    { scope: 'worker' },
  ],
  baseURL: async ({ brisk }, use) => use(brisk.url),
  api: async ({ brisk }, use) => use(new ApiClient(brisk.url, brisk.guestKey)),
  otherApi: async ({ brisk }, use) => use(new ApiClient(brisk.url, brisk.otherKey)),

  // biome-ignore lint/correctness/noEmptyPattern: as above, Playwright's fixture signature
  pageErrors: async ({}, use) => use([]),
  page: async ({ page, brisk, pageErrors }, use) => {
    const external: string[] = [];
    page.on('request', (request) => {
      const url = request.url();
      if (!url.startsWith(brisk.url) && !/^(blob|data|about):/.test(url)) external.push(url);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await use(page);
    expect(external, 'requests that left the machine').toEqual([]);
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  },

  /** Signs the page's browser context in (the session cookie), without the form. */
  signIn: async ({ page, brisk }, use) => {
    await use(async (key = brisk.guestKey) => {
      const response = await page.request.post('/api/trpc/session.signIn', { data: { key } });
      expect(response.status()).toBe(200);
    });
  },

  snap: async ({ page }, use) => {
    await use(async (name) => {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    });
  },
});

export { expect };

/**
 * Replaces the content of a Monaco editor (found by its accessible name)
 * with `text`, pasted as a user would paste a block of code: typed key by
 * key, Monaco's auto-closing brackets and auto-indent would rewrite it.
 */
export async function setEditorText(page: Page, name: string, text: string): Promise<void> {
  const editor = page.getByRole('textbox', { name });
  await editor.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.evaluate((value) => navigator.clipboard.writeText(value), text);
  await page.keyboard.press('ControlOrMeta+v');
  await expect
    .poll(() => editor.evaluate((element) => element.closest('.monaco-editor')?.querySelector('.view-lines')?.textContent?.length ?? 0))
    .toBeGreaterThan(0);
}

/** The main region's alerts (Next's route announcer is an empty alert outside it). */
export function alerts(page: Page) {
  return page.getByRole('main').getByRole('alert');
}

/** Waits for an activation of `name` to be recorded, through the REST API. */
export async function waitForActivations(api: ApiClient, name: string, count: number): Promise<any[]> {
  for (let attempt = 0; attempt < 120; attempt++) {
    const list = await api.request('GET', '/namespaces/_/activations', { query: { name, limit: 200 } });
    if (Array.isArray(list.body) && list.body.length >= count) return list.body;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${count} activations of ${name} were not recorded in time`);
}
