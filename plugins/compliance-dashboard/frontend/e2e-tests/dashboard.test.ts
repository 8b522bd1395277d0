import { expect, Page, test } from '@playwright/test';
import { enterAsGuest, snap } from '@internal/e2e-support';

// The compliance dashboard on the embedded default: the local AWS endpoint's
// demo platform (cart, checkout, payment, ... owned by checkout-team,
// payments-team, ...), the guest user on the platform team (allowed to refresh).

/** A refresh reads every demo account; generous on a shared 2-core machine. */
const REFRESH_TIMEOUT = 180_000;
/** The first TechDocs visit builds the site with mkdocs. */
const TECHDOCS_TIMEOUT = 120_000;

/** The payment PBC's link: its catalog title, or its name when it has none. */
const PAYMENT = /^payment$/i;

const pbcTable = (page: Page) =>
  page.getByRole('table', { name: 'PBCs and their compliance' });

/** Opens /compliance and, if no refresh has finished yet, runs one. */
async function openDashboardWithData(page: Page) {
  await page.goto('/compliance');
  const table = pbcTable(page);
  const noRefresh = page.getByText('No refresh yet');
  await expect(table.or(noRefresh)).toBeVisible({ timeout: 60_000 });
  if (await noRefresh.isVisible()) {
    // The guest is on the platform team, which may refresh.
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  }
  await expect(table).toBeVisible({ timeout: REFRESH_TIMEOUT });
}

test.describe('compliance dashboard', () => {
  test.setTimeout(8 * 60_000);

  test('platform page, PBC tab, guidance and team view', async ({
    page,
  }, testInfo) => {
    await enterAsGuest(page);

    // The sidebar lists the page.
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(nav.getByRole('link', { name: 'Compliance' })).toBeVisible();

    // Platform page: every PBC, the heatmap.
    await openDashboardWithData(page);
    await expect(
      pbcTable(page).getByRole('link', { name: PAYMENT }),
    ).toBeVisible();
    await expect(
      page.getByRole('figure', {
        name: 'Failing controls by PBC and control family',
      }),
    ).toBeVisible({ timeout: 60_000 });
    await snap(page, testInfo, 'compliance-platform');

    // Filter to the payment PBC's failing controls: its owner, a search, and
    // failing controls of any severity.
    await page.getByRole('textbox', { name: 'Owner' }).fill('payments-team');
    await page.getByRole('textbox', { name: 'Owner' }).press('Enter');
    await page.getByRole('textbox', { name: 'Search PBCs' }).fill('payment');
    const severity = page.getByRole('textbox', { name: 'Failing severity' });
    for (const level of ['critical', 'high', 'medium', 'low']) {
      await severity.click();
      await page.getByRole('option', { name: level, exact: true }).click();
    }
    await expect(page).toHaveURL(/owner=group%3Adefault%2Fpayments-team/);
    await expect(page).toHaveURL(/search=payment/);
    const paymentRow = pbcTable(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: PAYMENT }) });
    await expect(paymentRow).toBeVisible({ timeout: 30_000 });
    // The demo's payment PBC has failing controls: the row shows their counts.
    await expect(
      paymentRow.getByText(/^\d+ (critical|high|medium|low)$/).first(),
    ).toBeVisible();
    await snap(page, testInfo, 'compliance-filtered-payment');

    // The PBC tab on the payment entity page.
    await paymentRow.getByRole('link', { name: PAYMENT }).click();
    await expect(page).toHaveURL(
      /\/catalog\/default\/component\/payment\/compliance$/,
    );
    const controls = page.getByRole('table', { name: 'Controls' });
    await expect(controls).toBeVisible({ timeout: 60_000 });
    await expect(
      page
        .getByRole('figure', { name: 'Score over time' })
        .or(page.getByText(/No score yet/)),
    ).toBeVisible();
    await expect(page.getByText('Risky CloudTrail events')).toBeVisible();
    await snap(page, testInfo, 'compliance-pbc-tab');

    // "Why?" on a failing control leads to its section of the architecture series.
    const failingRow = controls
      .getByRole('row')
      .filter({ hasText: 'Failing' })
      .first();
    await expect(failingRow).toBeVisible();
    const why = failingRow.getByRole('link', { name: /^Why PBC-/ });
    const href = await why.getAttribute('href');
    expect(href).toMatch(
      /^\/docs\/default\/component\/architecture-docs\/[\w-]+\/#[\w-]+$/,
    );
    await why.click();
    await expect(page).toHaveURL(
      /\/docs\/default\/component\/architecture-docs\//,
    );
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible({
      timeout: TECHDOCS_TIMEOUT,
    });
    const anchor = href!.split('#')[1];
    await expect(page.locator(`[id="${anchor}"]`).first()).toBeAttached({
      timeout: TECHDOCS_TIMEOUT,
    });
    await snap(page, testInfo, 'compliance-why-guidance');

    // The team view on the payments team's group page.
    await page.goto('/catalog/default/group/payments-team/compliance');
    await expect(page.getByText('Team roll-up')).toBeVisible({
      timeout: 60_000,
    });
    const teamTable = page.getByRole('table', {
      name: 'PBCs owned by payments-team',
    });
    await expect(teamTable.getByRole('link', { name: PAYMENT })).toBeVisible();
    await snap(page, testInfo, 'compliance-team-view');
  });
});
