import { expect, test } from '@playwright/test';
import { enterAsGuest, snap } from '@internal/e2e-support';

test.describe('the portal on its embedded defaults', () => {
  test('signs in as guest and shows the catalog', async ({ page }, testInfo) => {
    await enterAsGuest(page);
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(nav.getByRole('link', { name: 'Catalog', exact: true })).toBeVisible();
    // The catalog lists the architecture series registered by app-config.yaml.
    await expect(page.getByRole('link', { name: /architecture series|architecture-docs/i }).first()).toBeVisible();
    await snap(page, testInfo, 'catalog');
  });

  test('opens the Create page', async ({ page }, testInfo) => {
    await enterAsGuest(page);
    await page.goto('/create');
    await expect(page.getByRole('heading', { name: 'Create', level: 1 })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Templates' })).toBeVisible();
    await snap(page, testInfo, 'create');
  });

  test('renders a TechDocs page built by the local builder', async ({ page }, testInfo) => {
    await enterAsGuest(page);
    await page.goto('/docs/default/component/architecture-docs');
    // The first visit builds the site with mkdocs; the reader then shows its content.
    await expect(
      page.getByRole('heading', { name: 'Composable Commerce on AWS', level: 1 }),
    ).toBeVisible({ timeout: 90_000 });
    await snap(page, testInfo, 'techdocs');
  });
});
