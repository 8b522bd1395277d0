import { Browser, expect, Page, test } from '@playwright/test';
import { enterAsGuest, snap } from '@internal/e2e-support';

// Issue 12's "done when", in Chromium, as two users (app-config.e2e.yaml lists them in
// pbcPortal.demoUsers; the cookie below picks one at the guest sign-in):
// Pat of payments-team asks to exempt a failing control of the payment PBC, Ana of the
// platform team approves it, the score and the tab change, the plugin clock is moved past
// the expiry (complianceDashboard.testing.movableClock, e2e only) and the tab shows it expired.

const PAT = 'user:default/pat.payments';
const ANA = 'user:default/ana.architect';
const PAYMENT_TAB = '/catalog/default/component/payment/compliance';
/** A refresh reads every demo account; generous on a shared 2-core machine. */
const REFRESH_TIMEOUT = 180_000;

async function signInAs(browser: Browser, baseURL: string, user: string) {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([
    {
      name: 'pbc-portal-demo-user',
      value: encodeURIComponent(user),
      url: baseURL,
    },
  ]);
  const page = await context.newPage();
  await enterAsGuest(page);
  return page;
}

/** The PBC's score as its summary card shows it (the chip's title). */
async function score(page: Page): Promise<string> {
  const chip = page
    .getByTitle(/^Compliance score \d+ of 100$|^No control could/)
    .first();
  await expect(chip).toBeVisible();
  return (await chip.getAttribute('title')) ?? '';
}

/** Opens the payment PBC's tab; as the platform member, runs a first refresh if none ran. */
async function openPaymentTab(page: Page) {
  await page.goto(PAYMENT_TAB);
  await expect(page.getByText('Controls', { exact: true }).first()).toBeVisible(
    {
      timeout: REFRESH_TIMEOUT,
    },
  );
}

async function ensureData(page: Page) {
  await page.goto('/compliance');
  const table = page.getByRole('table', { name: 'PBCs and their compliance' });
  const noRefresh = page.getByText('No refresh yet');
  await expect(table.or(noRefresh)).toBeVisible({ timeout: 60_000 });
  if (await noRefresh.isVisible()) {
    await page.getByRole('button', { name: 'Refresh', exact: true }).click();
  }
  await expect(table).toBeVisible({ timeout: REFRESH_TIMEOUT });
}

/** POST /testing/clock as the signed-in user (the platform member may move it). */
async function moveClock(page: Page, offsetDays: number) {
  const refresh = await page.request.get(
    '/api/auth/guest/refresh?env=development',
    {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    },
  );
  expect(refresh.ok()).toBe(true);
  const token = (await refresh.json()).backstageIdentity.token as string;
  const moved = await page.request.post(
    '/api/compliance-dashboard/testing/clock',
    {
      headers: { Authorization: `Bearer ${token}` },
      data: { offsetDays },
    },
  );
  expect(moved.status()).toBe(200);
}

test.describe('exemptions', () => {
  test.setTimeout(10 * 60_000);

  test('asked by the team, approved by the platform, expired by the clock', async ({
    browser,
    baseURL,
  }, testInfo) => {
    const ana = await signInAs(browser, baseURL!, ANA);
    const pat = await signInAs(browser, baseURL!, PAT);
    try {
      await ensureData(ana);

      // Pat (payments-team) asks on a failing control of the payment PBC.
      await openPaymentTab(pat);
      const ask = pat
        .getByRole('button', { name: /^Ask for exemption of / })
        .first();
      await expect(ask).toBeVisible({ timeout: 60_000 });
      const controlId = ((await ask.getAttribute('aria-label')) ?? '').replace(
        'Ask for exemption of ',
        '',
      );
      const before = await score(pat);
      await ask.click();
      const dialog = pat.getByRole('dialog');
      await dialog
        .getByRole('textbox', { name: /Reason/ })
        .fill('Replaced by the new network design in the next release');
      await dialog.getByRole('button', { name: 'Ask for exemption' }).click();
      await expect(dialog).toBeHidden();
      await expect(pat.getByText('Exemption requested').first()).toBeVisible();
      await snap(pat, testInfo, 'exemption-requested');

      // Ana (platform team) approves it with a comment.
      await ana.goto('/compliance-exemptions');
      const row = ana
        .getByTestId('exemption-row')
        .filter({ hasText: controlId })
        .filter({ hasText: 'payment' });
      await expect(row).toBeVisible({ timeout: 60_000 });
      await row
        .getByRole('textbox', { name: new RegExp(`Comment on ${controlId}`) })
        .fill('Accepted until the release');
      await row.getByRole('button', { name: 'Approve' }).click();
      await expect(
        ana.getByText('No exemption is waiting for a decision.'),
      ).toBeVisible();
      await snap(ana, testInfo, 'exemption-approved');

      // Pat's tab: exempt until the date, with the reason; the score moved.
      await pat.reload();
      await expect(pat.getByTestId('exempt-chip').first()).toBeVisible({
        timeout: 60_000,
      });
      await expect(pat.getByTestId('exempt-chip').first()).toHaveText(
        /^Exempt until \d{4}-\d{2}-\d{2}/,
      );
      expect(await score(pat)).not.toBe(before);
      await expect(
        pat.getByText(/Exempt controls are left out of the score/),
      ).toBeVisible();
      await snap(pat, testInfo, 'exemption-in-force');

      // The clock moves past the expiry (at most 30 days by default in the dialog).
      await moveClock(ana, 31);
      await pat.reload();
      const history = pat.getByRole('table', { name: 'Exemptions' });
      await expect(
        history
          .getByRole('row')
          .filter({ hasText: controlId })
          .filter({ hasText: 'Expired' }),
      ).toBeVisible({ timeout: 60_000 });
      await expect(pat.getByTestId('exempt-chip')).toHaveCount(0);
      expect(await score(pat)).toBe(before);
      await snap(pat, testInfo, 'exemption-expired');

      // The owning team is told: moving the clock ran the sweep, which recorded the expiry
      // and sent payments-team the notice through the notifications plugin.
      await pat.goto('/notifications');
      const notice = pat
        .getByText(new RegExp(`payment: exemption for ${controlId} has ended`))
        .first();
      await expect(notice).toBeVisible({ timeout: 60_000 });
      await snap(pat, testInfo, 'exemption-expired-notification');
    } finally {
      await moveClock(ana, 0).catch(() => undefined);
      await ana.context().close();
      await pat.context().close();
    }
  });
});
