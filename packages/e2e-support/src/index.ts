// Shared steps for every package's e2e-tests. Import from here rather than repeating them.
import { expect, Page, TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

/** Where screenshots of each visited page are kept: e2e-test-results/screenshots at the root. */
export function screenshotDir(testInfo: TestInfo) {
  const root = testInfo.config.configFile
    ? path.dirname(testInfo.config.configFile)
    : process.cwd();
  return path.join(root, 'e2e-test-results', 'screenshots');
}

/** Opens the portal and passes the guest sign-in page. */
export async function enterAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  // The nav element itself has no box of its own; its links do.
  const nav = page.getByRole('navigation', { name: 'sidebar nav' });
  await expect(nav.getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
}

/** Saves a full-page screenshot as an artefact named after the test's project and `name`. */
export async function snap(page: Page, testInfo: TestInfo, name: string) {
  const dir = screenshotDir(testInfo);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${testInfo.project.name.replace(/[^\w.-]+/g, '_')}--${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
}
