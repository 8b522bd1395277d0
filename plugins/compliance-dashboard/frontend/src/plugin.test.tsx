import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Entity } from '@backstage/catalog-model';
import complianceDashboardPluginDefault, {
  complianceDashboardPlugin,
  compliancePage,
  pbcComplianceContent,
  teamComplianceContent,
} from './index';
import {
  catalogEntityRouteRef,
  createComponentRouteRef,
  rootRouteRef,
} from './routes';
import {
  ALL_PBCS,
  cartSummary,
  checkoutTeam,
  paymentDetail,
  paymentsTeam,
  refreshStatus,
  SNAPSHOT,
} from './__testUtils__/fixtures';
import { fakeComplianceBackend } from './__testUtils__/fakeBackend';
import { permissionApi } from './__testUtils__/apis';
import {
  paymentEntity,
  paymentsTeamEntity,
  plainComponent,
} from './__testUtils__/entities';
import {
  pbcTabScenarios,
  platformPageScenarios,
  teamTabScenarios,
} from './__testUtils__/scenarios';

// Whole-app renders with user typing take a few seconds on a shared machine.
jest.setTimeout(30_000);

jest.mock('@backstage/plugin-permission-react', () =>
  jest.requireActual('./__testUtils__/apis').mockUncachedUsePermission(),
);

const server = setupServer();
registerMswTestHooks(server);

/** The app's bindings of the plugin's external routes, as packages/app makes them. */
const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
  '/create': createComponentRouteRef,
};

const apis = (canRefresh = false) =>
  [
    [permissionApiRef, permissionApi({ canRefresh })],
    mockApis.identity({ token: 'user-token' }),
  ] as const;

/** The whole app with the plugin installed, at /compliance. */
function renderPage(options: { canRefresh?: boolean; route?: string } = {}) {
  return renderTestApp({
    features: [complianceDashboardPlugin],
    initialRouteEntries: [options.route ?? '/compliance'],
    apis: apis(options.canRefresh),
    mountedRoutes,
  });
}

/** An entity tab as the catalog's entity page renders it. */
function renderTab(
  extension: typeof pbcComplianceContent | typeof teamComplianceContent,
  entity: Entity,
) {
  const element =
    extension === pbcComplianceContent
      ? createExtensionTester(pbcComplianceContent).reactElement()
      : createExtensionTester(teamComplianceContent).reactElement();
  return renderInTestApp(
    <EntityProvider entity={entity}>{element}</EntityProvider>,
    {
      features: [complianceDashboardPlugin],
      apis: apis(),
      // renderInTestApp renders the element, not the plugin's page: mount the page's route too.
      mountedRoutes: { ...mountedRoutes, '/compliance': rootRouteRef },
    },
  );
}

function tabFilter(
  tester:
    | ReturnType<typeof createExtensionTester<typeof pbcComplianceContent>>
    | ReturnType<typeof createExtensionTester<typeof teamComplianceContent>>,
): (entity: Entity) => boolean {
  const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
  if (!filter) throw new Error('the tab declares no filter function');
  return filter;
}

describe('package exports', () => {
  it('exports the new-system plugin as default', () => {
    expect(complianceDashboardPluginDefault).toBe(complianceDashboardPlugin);
    expect(complianceDashboardPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(complianceDashboardPlugin.pluginId).toBe('compliance-dashboard');
  });

  it('mounts the page at /compliance with a title and icon for the nav', () => {
    const tester = createExtensionTester(compliancePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/compliance');
    expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Compliance');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('puts the PBC tab at compliance on annotated entities only', () => {
    const tester = createExtensionTester(pbcComplianceContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('compliance');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe(
      'Compliance',
    );
    const filter = tabFilter(createExtensionTester(pbcComplianceContent));
    expect(filter(paymentEntity)).toBe(true);
    expect(filter(plainComponent)).toBe(false);
    expect(filter(paymentsTeamEntity)).toBe(false);
  });

  it('puts the team tab at compliance on groups only', () => {
    const tester = createExtensionTester(teamComplianceContent);
    expect(tester.get(coreExtensionData.routePath)).toBe('compliance');
    const filter = tabFilter(createExtensionTester(teamComplianceContent));
    expect(filter(paymentsTeamEntity)).toBe(true);
    expect(filter(paymentEntity)).toBe(false);
    expect(filter(plainComponent)).toBe(false);
  });
});

describe('platform page (new frontend system)', () => {
  it.each(platformPageScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      renderPage();
      await scenario.verify();
    },
  );

  it('is in the sidebar as "Compliance"', async () => {
    server.use(...fakeComplianceBackend({ pbcs: ALL_PBCS }).handlers);
    renderPage();
    const nav = await screen.findByRole('navigation', {}, { timeout: 10_000 });
    expect(
      within(nav).getByRole('link', { name: /Compliance/ }),
    ).toHaveAttribute('href', '/compliance');
  });

  it('filters, searches and sorts on the server, keeping the query in the URL', async () => {
    const backend = fakeComplianceBackend({
      pbcs: ALL_PBCS,
      details: [paymentDetail],
      teams: [paymentsTeam, checkoutTeam],
    });
    server.use(...backend.handlers);
    renderPage();
    await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 10_000 },
    );
    const lastList = () =>
      backend.requests.filter(r => r.url.pathname.endsWith('/pbcs')).at(-1)!.url
        .searchParams;

    // Owner: typed names become group refs.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Owner' }),
      'payments-team{enter}',
    );
    await waitFor(() =>
      expect(lastList().getAll('owner')).toEqual([
        'group:default/payments-team',
      ]),
    );
    const table = screen.getByRole('table', {
      name: 'PBCs and their compliance',
    });
    await waitFor(() =>
      expect(within(table).getAllByTestId('pbc-row')).toHaveLength(1),
    );
    expect(screen.getByText('1 PBC match')).toBeInTheDocument();

    // Severity: a fixed list.
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Failing severity' }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'critical' }),
    );
    await waitFor(() =>
      expect(lastList().getAll('severity')).toEqual(['critical']),
    );
    expect(lastList().get('offset')).toBe('0');
    expect(lastList().get('limit')).toBe('25');

    // Search, debounced.
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Search PBCs' }),
      'pay',
    );
    await waitFor(() => expect(lastList().get('search')).toBe('pay'));
    expect(
      within(table).getByRole('link', { name: 'Payment' }),
    ).toBeInTheDocument();

    // A filter that matches nothing offers to clear them all.
    await userEvent.click(
      screen.getByRole('textbox', { name: 'Failing family' }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'edge' }));
    expect(
      await screen.findByText('No PBC matches these filters'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear all filters' }),
    );
    await waitFor(() =>
      expect([...lastList().keys()].sort()).toEqual([
        'limit',
        'offset',
        'order',
        'sort',
      ]),
    );

    // Sorting: the server sorts.
    await userEvent.click(
      await screen.findByRole('button', { name: 'Risky events (7 d)' }),
    );
    await waitFor(() => {
      expect(lastList().get('sort')).toBe('risky');
      expect(lastList().get('order')).toBe('desc');
    });
    await waitFor(() => {
      const rows = within(
        screen.getByRole('table', { name: 'PBCs and their compliance' }),
      ).getAllByTestId('pbc-row');
      expect(rows[0]).toHaveTextContent('Payment');
    });
  });

  it('opens with the filters of a shared URL', async () => {
    const backend = fakeComplianceBackend({ pbcs: ALL_PBCS });
    server.use(...backend.handlers);
    renderPage({
      route:
        '/compliance?owner=group%3Adefault%2Fpayments-team&severity=high&sort=name&order=desc&page=0',
    });
    await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 10_000 },
    );
    const params = backend.requests.find(r => r.url.pathname.endsWith('/pbcs'))!
      .url.searchParams;
    expect(params.getAll('owner')).toEqual(['group:default/payments-team']);
    expect(params.getAll('severity')).toEqual(['high']);
    expect(params.get('sort')).toBe('name');
    expect(params.get('order')).toBe('desc');
  });

  it('exports CSV with the same filters and the user token', async () => {
    const backend = fakeComplianceBackend({ pbcs: ALL_PBCS });
    server.use(...backend.handlers);
    const createObjectURL = jest
      .spyOn(URL, 'createObjectURL')
      .mockReturnValue('blob:compliance');
    const revokeObjectURL = jest
      .spyOn(URL, 'revokeObjectURL')
      .mockImplementation(() => {});
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => {});
    try {
      renderPage({ route: '/compliance?severity=high&search=pay' });
      await userEvent.click(
        await screen.findByRole(
          'button',
          { name: 'Export CSV' },
          { timeout: 10_000 },
        ),
      );
      await waitFor(() => expect(click).toHaveBeenCalled());
      const exportRequest = backend.requests.find(r =>
        r.url.pathname.endsWith('/export.csv'),
      )!;
      expect(exportRequest.url.searchParams.getAll('severity')).toEqual([
        'high',
      ]);
      expect(exportRequest.url.searchParams.get('search')).toBe('pay');
      expect(exportRequest.url.searchParams.has('offset')).toBe(false);
      expect(exportRequest.url.searchParams.has('limit')).toBe(false);
      expect(exportRequest.authorization).toBe('Bearer user-token');
      const blob = createObjectURL.mock.calls[0][0] as Blob;
      expect(await blob.text()).toBe(
        `entityRef,score\ncomponent:default/payment,${paymentDetail.summary.score}`,
      );
    } finally {
      createObjectURL.mockRestore();
      revokeObjectURL.mockRestore();
      click.mockRestore();
    }
  });

  it('shows the platform the entities whose PBC identity is not believed, and asks nothing for others', async () => {
    const conflict = {
      entityRef: 'component:default/payment-mirror',
      pbc: 'payment',
      accountId: '111111111111',
      owner: 'group:default/checkout-team',
      reason: 'untrusted-origin' as const,
      authoritativeRef: 'component:default/payment',
      message:
        "component:default/payment-mirror claims PBC tag 'payment' from url:https://github.com/acme/checkout-extras/blob/main/catalog-info.yaml, which is neither a trusted location nor the repository published for 'payment'",
    };
    const platform = fakeComplianceBackend({
      pbcs: ALL_PBCS,
      identityConflicts: [conflict],
    });
    server.use(...platform.handlers);
    const { unmount } = renderPage({ canRefresh: true });
    const region = await screen.findByRole(
      'region',
      { name: 'PBC identity conflicts' },
      { timeout: 10_000 },
    );
    expect(region).toHaveTextContent(
      '1 catalog entity claims a PBC identity the dashboard does not believe',
    );
    expect(region).toHaveTextContent(conflict.message);
    expect(region).toHaveTextContent('(owner group:default/checkout-team)');
    unmount();

    server.resetHandlers();
    const reader = fakeComplianceBackend({
      pbcs: ALL_PBCS,
      identityConflicts: [conflict],
    });
    server.use(...reader.handlers);
    renderPage({ canRefresh: false });
    await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 10_000 },
    );
    expect(
      screen.queryByRole('region', { name: 'PBC identity conflicts' }),
    ).not.toBeInTheDocument();
    expect(
      reader.requests.some(r => r.url.pathname.endsWith('/identity-conflicts')),
    ).toBe(false);
  });

  it('hides the refresh button from users without the refresh permission', async () => {
    server.use(...fakeComplianceBackend({ pbcs: ALL_PBCS }).handlers);
    renderPage({ canRefresh: false });
    await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 10_000 },
    );
    expect(
      screen.queryByRole('button', { name: 'Refresh' }),
    ).not.toBeInTheDocument();
  });

  it('refreshes, shows progress and then the new data', async () => {
    const accounts = (states: Array<'pending' | 'ok' | 'failed'>) =>
      states.map((state, i) => ({
        accountId: `11112222333${i}`,
        region: 'eu-west-1',
        state,
        ...(state === 'failed'
          ? { error: 'ThrottlingException: Rate exceeded' }
          : {}),
      }));
    const backend = fakeComplianceBackend({
      pbcs: ALL_PBCS,
      refreshSequence: [
        refreshStatus('running', accounts(['ok', 'pending'])),
        refreshStatus('partial', [
          ...accounts(['ok', 'failed']),
          {
            accountId: '111122223339',
            region: 'eu-west-1',
            state: 'ok',
            configRead: 'accounts-fallback',
          },
        ]),
      ],
      afterRefresh: [
        { ...cartSummary, score: 64, title: 'Cart after refresh' },
      ],
    });
    server.use(...backend.handlers);
    renderPage({ canRefresh: true });
    await userEvent.click(
      await screen.findByRole(
        'button',
        { name: 'Refresh' },
        { timeout: 10_000 },
      ),
    );
    expect(
      await screen.findByText('Refreshing from AWS: 1 of 2 accounts read…'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Refreshing…' })).toBeDisabled();
    expect(
      await screen.findByRole(
        'link',
        { name: 'Cart after refresh' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Refresh finished 2025-06-01 12:01 UTC: 3 PBCs/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Account 111122223331 \(eu-west-1\) could not be read: ThrottlingException/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /Account 111122223339 \(eu-west-1\) was read in the account itself: the configuration aggregator could not serve it/,
      ),
    ).toBeInTheDocument();
    expect(backend.requests.filter(r => r.method === 'POST')).toHaveLength(1);
  });
});

describe('platform page: refresh under way and stale accounts', () => {
  it('follows a refresh started elsewhere and lists the accounts that could not be read', async () => {
    const running = refreshStatus('running', [
      { accountId: '111122223333', region: 'eu-west-1', state: 'ok' },
      { accountId: '222233334444', region: 'eu-west-1', state: 'pending' },
      { accountId: '333344445555', region: 'eu-west-1', state: 'pending' },
    ]);
    const backend = fakeComplianceBackend({
      pbcs: ALL_PBCS,
      health: {
        status: 'degraded',
        snapshot: SNAPSHOT,
        activeRefresh: { ...running, trigger: 'schedule' },
        staleAccounts: [
          {
            accountId: '111122223333',
            region: 'eu-west-1',
            error:
              'AccessDenied: not authorized to perform config:DescribeConformancePackCompliance',
            since: '2025-05-31T11:30:00.000Z',
            lastSuccessAt: '2025-05-31T11:30:00.000Z',
          },
        ],
        push: {
          enabled: true,
          mode: 'polling',
          since: '2025-05-31T11:31:00.000Z',
          reason: 'QueueDoesNotExist: no such queue',
          handled: 4,
          received: 4,
          applied: 4,
          duplicates: 0,
          poison: 0,
        },
      },
      refreshSequence: [running],
    });
    server.use(...backend.handlers);
    // A reader without the refresh permission still sees the progress.
    renderPage({ canRefresh: false });
    expect(
      await screen.findByText(
        'Refreshing from AWS: 1 of 3 accounts read…',
        undefined,
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Refresh/ }),
    ).not.toBeInTheDocument();
    expect(screen.getByText(/1 account could not be read/)).toBeInTheDocument();
    // The event queue's state, beside the refresh status.
    expect(screen.getByText('Events paused')).toBeInTheDocument();
    expect(
      screen.getByText(/cannot be read since 2025-05-31 11:31 UTC/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /111122223333 \(eu-west-1\) since 2025-05-31 11:30 UTC, last read 2025-05-31 11:30 UTC: AccessDenied/,
      ),
    ).toBeInTheDocument();
    expect(
      backend.requests.some(r =>
        r.url.pathname.endsWith(`/refresh/${running.id}`),
      ),
    ).toBe(true);
  });
});

describe('PBC tab (new frontend system)', () => {
  it.each(pbcTabScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      renderTab(pbcComplianceContent, scenario.entity!);
      await scenario.verify();
    },
  );
});

describe('team tab (new frontend system)', () => {
  it.each(teamTabScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      renderTab(teamComplianceContent, scenario.entity!);
      await scenario.verify();
    },
  );
});
