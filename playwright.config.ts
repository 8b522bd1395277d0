import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

// The end-to-end suite: every package with an `e2e-tests` folder is a project. They run against
// the built app served by the backend on :7007 (see scripts/test.sh), in Debian's Chromium:
// Playwright's own browser download cannot work on these machines.
const executablePath = process.env.PBC_CHROMIUM_PATH ?? '/usr/bin/chromium';
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007';

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },
  workers: 1,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          // The local AWS endpoint with the demo platform, as ./portal start runs it.
          command: 'yarn workspace @pbc-portal/aws-local start --port 4599',
          url: 'http://127.0.0.1:4599/health',
          reuseExistingServer: !process.env.CI,
          timeout: 60_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command:
            'yarn workspace backend start --config ../../app-config.yaml --config ../../app-config.e2e.yaml',
          url: `${baseURL}/.backstage/health/v1/readiness`,
          reuseExistingServer: !process.env.CI,
          timeout: 180_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
      ],
  use: {
    baseURL,
    actionTimeout: 30_000,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  outputDir: 'e2e-test-results/output',
  projects: (generateProjects() ?? []).map(project => ({
    ...project,
    use: { ...project.use, channel: undefined },
  })),
});
