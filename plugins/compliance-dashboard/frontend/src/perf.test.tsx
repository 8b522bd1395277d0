// Performance harness: the platform page against a backend holding 5,000
// PBCs. It must page on the server, so the DOM holds one page of rows and the
// cost of a render does not grow with the platform.
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { complianceDashboardPlugin } from './plugin';
import { PlatformDashboard } from './components/PlatformPage/PlatformDashboard';
import { fakeComplianceBackend } from './__testUtils__/fakeBackend';
import { largePlatform } from './__testUtils__/largePlatform';
import { permissionApi } from './__testUtils__/apis';

jest.setTimeout(60_000);

const server = setupServer();
registerMswTestHooks(server);

const PBC_COUNT = 5000;

function render() {
  return renderInTestApp(<PlatformDashboard />, {
    features: [complianceDashboardPlugin],
    apis: [[permissionApiRef, permissionApi({ canRefresh: true })]],
  });
}

const rows = () =>
  within(
    screen.getByRole('table', { name: 'PBCs and their compliance' }),
  ).getAllByTestId('pbc-row');

function report(label: string, ms: number) {
  // The harness's measurements, printed for the record (not asserted: the
  // machine is shared, timings vary).
  process.stdout.write(`[perf] ${label}: ${ms.toFixed(0)} ms\n`);
}

describe(`platform page with ${PBC_COUNT} PBCs`, () => {
  it('renders one page of rows and requests one page at a time', async () => {
    const backend = fakeComplianceBackend({
      pbcs: largePlatform(PBC_COUNT),
    });
    server.use(...backend.handlers);

    let start = performance.now();
    render();
    await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 30_000 },
    );
    report('first page (25 rows) rendered', performance.now() - start);

    expect(rows()).toHaveLength(25);
    expect(screen.getByText(`1-25 of ${PBC_COUNT}`)).toBeInTheDocument();
    expect(screen.getByText(`${PBC_COUNT} PBCs`)).toBeInTheDocument();
    const domSize = document.querySelectorAll('*').length;
    process.stdout.write(`[perf] DOM elements with 25 rows: ${domSize}\n`);
    // 5,000 rows would be well over 100,000 elements.
    expect(domSize).toBeLessThan(10_000);

    // The heatmap draws the page's PBCs from the summaries' family counts.
    const heatmap = await screen.findByRole('figure', {
      name: 'Failing controls by PBC and control family',
    });
    expect(within(heatmap).getAllByTestId('heat-cell')).toHaveLength(25 * 7);

    // The largest page size is still a page.
    start = performance.now();
    await userEvent.click(
      screen.getByRole('button', { name: /Rows per page/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: '100' }));
    await waitFor(() => expect(rows()).toHaveLength(100), { timeout: 30_000 });
    report('page of 100 rows rendered', performance.now() - start);
    expect(screen.getByText(`1-100 of ${PBC_COUNT}`)).toBeInTheDocument();

    // Next page: offset moves, the DOM does not grow.
    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(screen.getByText(`101-200 of ${PBC_COUNT}`)).toBeInTheDocument(),
    );
    expect(rows()).toHaveLength(100);

    const lists = backend.requests.filter(r =>
      r.url.pathname.endsWith('/pbcs'),
    );
    for (const request of lists) {
      expect(Number(request.url.searchParams.get('limit'))).toBeLessThanOrEqual(
        100,
      );
    }
    expect(lists.at(-1)!.url.searchParams.get('offset')).toBe('100');
    expect(
      backend.requests.filter(r =>
        /\/pbcs\/[^/]+\/[^/]+$/.test(r.url.pathname),
      ),
    ).toHaveLength(0);
  });
});
