import { ReactNode } from 'react';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { setupServer } from 'msw/node';
import {
  MockFetchApi,
  TestApiProvider,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { Entity } from '@backstage/catalog-model';
import { isPbcEntity } from '@pbc-portal/pbc-domain';
import {
  ComplianceApi,
  CompliancePage,
  EntityPbcComplianceContent,
  EntityTeamComplianceContent,
  complianceApiRef,
  isTeamEntity,
  legacyComplianceDashboardPlugin,
} from './index';
import {
  legacyCatalogEntityRouteRef,
  legacyCreateComponentRouteRef,
  legacyRootRouteRef,
} from './routes';
import { permissionApi } from './__testUtils__/apis';
import {
  paymentEntity,
  paymentsTeamEntity,
  plainComponent,
} from './__testUtils__/entities';
import { ALL_PBCS } from './__testUtils__/fixtures';
import { fakeComplianceBackend } from './__testUtils__/fakeBackend';
import {
  pbcTabScenarios,
  platformPageScenarios,
  teamTabScenarios,
} from './__testUtils__/scenarios';

jest.setTimeout(30_000);

jest.mock('@backstage/plugin-permission-react', () =>
  jest.requireActual('./__testUtils__/apis').mockUncachedUsePermission(),
);

const server = setupServer();
registerMswTestHooks(server);

/** The client as the legacy plugin's own API factory builds it. */
function legacyClient(): ComplianceApi {
  const factory = [...legacyComplianceDashboardPlugin.getApis()].find(
    f => f.api.id === complianceApiRef.id,
  );
  if (!factory) throw new Error('the legacy plugin provides no client');
  return factory.factory({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://localhost:7007' }),
    fetchApi: new MockFetchApi({ injectIdentityAuth: { token: 'user-token' } }),
  }) as ComplianceApi;
}

function renderLegacy(
  children: ReactNode,
  options: {
    canRefresh?: boolean;
    route?: string;
    mountRoot?: boolean;
    /** Whether the app binds the external routes (catalog entity, scaffolder). */
    bound?: boolean;
  } = {},
) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [complianceApiRef, legacyClient()],
        [
          permissionApiRef,
          permissionApi({ canRefresh: options.canRefresh ?? false }),
        ],
      ]}
    >
      {children}
    </TestApiProvider>,
    {
      routeEntries: [options.route ?? '/'],
      // What the app's bindRoutes does; the page mounts the root itself where it is rendered.
      mountedRoutes: {
        ...(options.mountRoot === false
          ? {}
          : { '/compliance': legacyRootRouteRef }),
        ...(options.bound === false
          ? {}
          : {
              '/catalog/:namespace/:kind/:name': legacyCatalogEntityRouteRef,
              '/create': legacyCreateComponentRouteRef,
            }),
      },
    },
  );
}

const renderPage = (options: { canRefresh?: boolean; bound?: boolean } = {}) =>
  renderLegacy(
    <Routes>
      <Route path="/compliance" element={<CompliancePage />} />
    </Routes>,
    { ...options, route: '/compliance', mountRoot: false },
  );

describe('legacy entry points', () => {
  it('belong to the compliance-dashboard plugin and provide the client', () => {
    expect(legacyComplianceDashboardPlugin.getId()).toBe(
      'compliance-dashboard',
    );
    expect(
      [...legacyComplianceDashboardPlugin.getApis()].map(f => f.api.id),
    ).toEqual([complianceApiRef.id]);
    expect(legacyComplianceDashboardPlugin.routes.root).toBeDefined();
  });

  it('offer entity predicates for EntitySwitch (the PBC one from the domain)', () => {
    expect(isPbcEntity(paymentEntity)).toBe(true);
    expect(isPbcEntity(plainComponent)).toBe(false);
    expect(isTeamEntity(paymentsTeamEntity)).toBe(true);
    expect(isTeamEntity(paymentEntity)).toBe(false);
  });
});

describe('CompliancePage (legacy)', () => {
  it.each(platformPageScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      await renderPage();
      await scenario.verify();
    },
  );

  it('has its own page header and a refresh button for those allowed', async () => {
    server.use(...fakeComplianceBackend({ pbcs: ALL_PBCS }).handlers);
    await renderPage({ canRefresh: true });
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Compliance' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Refresh' }),
    ).toBeEnabled();
  });
});

describe('CompliancePage (legacy) in an app that binds no external routes', () => {
  it('shows PBC, owner and system names as text', async () => {
    server.use(...fakeComplianceBackend({ pbcs: ALL_PBCS }).handlers);
    await renderPage({ bound: false });
    const table = await screen.findByRole(
      'table',
      { name: 'PBCs and their compliance' },
      { timeout: 20_000 },
    );
    expect(table).toHaveTextContent('Payment');
    expect(table).toHaveTextContent('payments-team');
    expect(
      screen.queryAllByRole('link', { name: /Payment|payments-team/ }),
    ).toEqual([]);
  });

  it('leaves out "Create a PBC" on an empty platform', async () => {
    server.use(...fakeComplianceBackend({ pbcs: [] }).handlers);
    await renderPage({ bound: false });
    expect(
      await screen.findByText('No PBCs yet', undefined, { timeout: 20_000 }),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create a PBC' })).toBeNull();
    expect(screen.queryByRole('link', { name: 'Create a PBC' })).toBeNull();
  });
});

describe('EntityPbcComplianceContent (legacy)', () => {
  it.each(pbcTabScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      await renderLegacy(
        <EntityProvider entity={scenario.entity as Entity}>
          <EntityPbcComplianceContent />
        </EntityProvider>,
      );
      await scenario.verify();
    },
  );

  it('names the missing annotation on entities that are not PBCs', async () => {
    const backend = fakeComplianceBackend({ pbcs: ALL_PBCS });
    server.use(...backend.handlers);
    await renderLegacy(
      <EntityProvider entity={plainComponent}>
        <EntityPbcComplianceContent />
      </EntityProvider>,
    );
    expect(await screen.findByText(/Missing Annotation/i)).toBeInTheDocument();
    expect(screen.getAllByText(/pbc-portal\.io\/pbc/).length).toBeGreaterThan(
      0,
    );
    expect(backend.requests).toHaveLength(0);
  });
});

describe('EntityTeamComplianceContent (legacy)', () => {
  it.each(teamTabScenarios.map(s => [s.name, s] as const))(
    'state: %s',
    async (_, scenario) => {
      // The assertions are the scenario's, shared with the other entry point.
      expect.hasAssertions();
      server.use(...scenario.handlers());
      await renderLegacy(
        <EntityProvider entity={scenario.entity as Entity}>
          <EntityTeamComplianceContent />
        </EntityProvider>,
      );
      await scenario.verify();
    },
  );

  it('explains that the roll-up is for groups', async () => {
    await renderLegacy(
      <EntityProvider entity={paymentEntity}>
        <EntityTeamComplianceContent />
      </EntityProvider>,
    );
    expect(
      await screen.findByText('Compliance roll-ups are for groups'),
    ).toBeInTheDocument();
  });
});
