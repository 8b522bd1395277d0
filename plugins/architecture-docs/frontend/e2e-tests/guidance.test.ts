import { expect, Page, test } from '@playwright/test';
import { enterAsGuest, snap } from '@internal/e2e-support';

// The parts of the series, as @pbc-portal/pbc-domain' PARTS lists them.
const PARTS = [
  'Foundation',
  'Compute and Networking',
  'Identity and Data',
  'Messaging and Traffic Management',
  'Services and Governance',
];

const MESSAGING_PATH =
  '/docs/default/component/architecture-docs/08-messaging/';
const MESSAGING_TITLE = 'SQS and SNS: The Event-Driven Backbone';

/** Opens the messaging article; the first visit builds the site with mkdocs. */
async function openMessagingArticle(page: Page) {
  await page.goto(MESSAGING_PATH);
  await expect(
    page
      .getByRole('heading', { name: MESSAGING_TITLE, level: 1 })
      .first(),
  ).toBeVisible({ timeout: 90_000 });
}

test.describe('architecture guidance', () => {
  test('shows the learning path on /guidance', async ({ page }, testInfo) => {
    await enterAsGuest(page);
    const nav = page.getByRole('navigation', { name: 'sidebar nav' });
    await expect(
      nav.getByRole('link', { name: 'Guidance', exact: true }),
    ).toBeVisible();

    await page.goto('/guidance');
    for (const [index, part] of PARTS.entries()) {
      await expect(
        page.getByRole('heading', {
          name: `Part ${index + 1}: ${part}`,
          level: 2,
        }),
      ).toBeVisible();
    }
    const messaging = page.getByRole('link', {
      name: `8. ${MESSAGING_TITLE}`,
    });
    await expect(messaging).toHaveAttribute('href', MESSAGING_PATH);
    await expect(
      page.getByRole('link', { name: 'Controls reference' }),
    ).toBeVisible();
    await snap(page, testInfo, 'guidance');
  });

  test('renders the Mermaid diagrams of an article as SVG', async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await enterAsGuest(page);
    await openMessagingArticle(page);

    // Locators pierce the reader's open shadow root.
    const diagram = page.locator('pre.mermaid').first();
    await expect(diagram.locator('svg').first()).toBeVisible();
    await expect(diagram).toHaveAttribute('data-mermaid', 'rendered');
    // Every diagram on the page was rendered: no raw diagram text is left.
    await expect(page.locator('pre.mermaid code')).toHaveCount(0);
    await expect(page.locator('pre.mermaid svg')).toHaveCount(
      await page.locator('pre.mermaid').count(),
    );
    await snap(page, testInfo, 'techdocs-mermaid');
  });

  test('finds the messaging article when searching "visibility timeout"', async ({
    page,
  }, testInfo) => {
    test.setTimeout(300_000);
    await enterAsGuest(page);
    // Only built sites are indexed: make sure this one is, then let the collator catch up.
    await openMessagingArticle(page);

    const result = page
      .locator(
        'a[href*="/docs/default/component/architecture-docs/08-messaging"]',
      )
      .first();
    await expect(async () => {
      await page.goto('/search?query=visibility%20timeout');
      await expect(result).toBeVisible({ timeout: 10_000 });
    }).toPass({ timeout: 240_000, intervals: [5_000, 10_000, 20_000] });
    await expect(page.getByText(/visibility timeout/i).first()).toBeVisible();
    await snap(page, testInfo, 'search-visibility-timeout');
  });
});
