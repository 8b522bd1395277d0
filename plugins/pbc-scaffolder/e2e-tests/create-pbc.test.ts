import { expect, Page, test } from '@playwright/test';
import { enterAsGuest, snap } from '@internal/e2e-support';

// A name no earlier run used: locally published repositories are never overwritten.
const pbcName = `e2e-${Date.now().toString(36)}`;

async function guestToken(page: Page): Promise<string> {
  const response = await page.request.get(
    '/api/auth/guest/refresh?env=development',
    { headers: { 'X-Requested-With': 'XMLHttpRequest' } },
  );
  expect(response.ok()).toBe(true);
  return (await response.json()).backstageIdentity.token;
}

async function pickFromAutocomplete(page: Page, label: RegExp, value: string) {
  const input = page
    .getByRole('combobox', { name: label })
    .or(page.getByLabel(label))
    .first();
  await input.click();
  await input.fill(value);
  await page
    .getByRole('option', { name: new RegExp(value) })
    .first()
    .click();
}

test.describe('creating a PBC from the portal', () => {
  test('fills the pbc form, creates the PBC and finds it in the catalog', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await enterAsGuest(page);
    await page.goto('/create/templates/default/pbc');
    await expect(
      page.getByText('Packaged Business Capability').first(),
    ).toBeVisible();

    // Step 1: the capability.
    await page.getByLabel(/^Name/).fill(pbcName);
    await page
      .getByLabel(/^Description/)
      .fill('Gift cards: issue, redeem and refund.');
    await pickFromAutocomplete(page, /^Owner/, 'payments-team');
    await pickFromAutocomplete(page, /^System/, 'checkout');
    await snap(page, testInfo, 'create-pbc-step1');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 2: data and events: one published event, one consumed from the demo platform.
    await expect(page.getByText('Events it publishes').first()).toBeVisible();
    const addButtons = page.getByRole('button', { name: /add/i });
    await addButtons.nth(0).click();
    await page.locator('input[id*="publishes_0"]').fill('gift-card-issued');
    await addButtons.nth(1).click();
    await page.locator('input[id*="consumes_0"]').fill('order.order-placed');
    await snap(page, testInfo, 'create-pbc-step2');
    await page.getByRole('button', { name: 'Next' }).click();

    // Step 3: scope and AWS.
    await page.getByLabel(/AWS account id/).fill('111111111111');
    await page.getByRole('button', { name: 'Next' }).click();

    // The advanced publishing step keeps its defaults (a local git repository); then review.
    await expect(page.getByText(/Publish to/).first()).toBeVisible();
    await page.getByRole('button', { name: 'Review' }).click();
    const create = page.getByRole('button', { name: 'Create' });
    await expect(create).toBeVisible();
    await snap(page, testInfo, 'create-pbc-review');
    const submittedAt = Date.now();
    await create.click();

    // The task runs validate, render (cdk-nag, cfn-lint), publish and register.
    await expect(page.getByText(/open in catalog/i).first()).toBeVisible({
      timeout: 240_000,
    });
    await snap(page, testInfo, 'create-pbc-done');

    // The new PBC is in the catalog with the annotations the dashboard reads.
    const token = await guestToken(page);
    let entity: any;
    await expect(async () => {
      const response = await page.request.get(
        `/api/catalog/entities/by-name/component/default/${pbcName}`,
        { headers: { Authorization: `Bearer ${token}` } },
      );
      expect(response.status()).toBe(200);
      entity = await response.json();
    }).toPass({ timeout: 60_000 });
    const inCatalogMs = Date.now() - submittedAt;
    testInfo.annotations.push({
      type: 'submit-to-catalog-ms',
      description: String(inCatalogMs),
    });

    const annotations = entity.metadata.annotations;
    expect(annotations['pbc-portal.io/pbc']).toBe(pbcName);
    expect(annotations['pbc-portal.io/aws-account-id']).toBe('111111111111');
    expect(annotations['pbc-portal.io/aws-region']).toBe('eu-west-1');
    expect(annotations['pbc-portal.io/conformance-pack']).toBe(
      `pbc-${pbcName}`,
    );
    expect(annotations['pbc-portal.io/template-version']).toMatch(
      /^\d+\.\d+\.\d+$/,
    );
    expect(annotations['pbc-portal.io/publishes']).toBe('gift-card-issued');
    expect(entity.spec.owner).toMatch(/payments-team$/);

    await page.goto(`/catalog/default/component/${pbcName}`);
    await expect(page.getByText(pbcName).first()).toBeVisible();
    await snap(page, testInfo, 'create-pbc-in-catalog');
  });
});
