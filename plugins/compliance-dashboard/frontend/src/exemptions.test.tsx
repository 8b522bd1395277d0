import {
  createExtensionTester,
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  ControlResult,
  Exemption,
  PbcDetail,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import {
  complianceDashboardPlugin,
  exemptionsPage,
  pbcComplianceContent,
} from './index';
import {
  catalogEntityRouteRef,
  createComponentRouteRef,
  exemptionsRouteRef,
  rootRouteRef,
} from './routes';
import { ALL_PBCS, paymentDetail } from './__testUtils__/fixtures';
import { fakeComplianceBackend } from './__testUtils__/fakeBackend';
import { permissionApi } from './__testUtils__/apis';
import { paymentEntity } from './__testUtils__/entities';

// Whole-app renders on a shared machine; typing is done with change events (fast).
jest.setTimeout(60_000);

const typeInto = (input: HTMLElement, value: string) =>
  fireEvent.change(input, { target: { value } });

jest.mock('@backstage/plugin-permission-react', () =>
  jest.requireActual('./__testUtils__/apis').mockUncachedUsePermission(),
);

const server = setupServer();
registerMswTestHooks(server);

const mountedRoutes = {
  '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
  '/create': createComponentRouteRef,
  '/compliance': rootRouteRef,
};

const PAYMENT = paymentDetail.summary.entityRef;
const failing = paymentDetail.controls.find(c => c.status === 'failing')!;

function renderTab(
  deny: string[] = [],
  details: PbcDetail[] = [paymentDetail],
) {
  const backend = fakeComplianceBackend({ pbcs: ALL_PBCS, details });
  server.use(...backend.handlers);
  renderInTestApp(
    <EntityProvider entity={paymentEntity}>
      {createExtensionTester(pbcComplianceContent).reactElement()}
    </EntityProvider>,
    {
      features: [complianceDashboardPlugin],
      apis: [
        [permissionApiRef, permissionApi({ canRefresh: false, deny })],
        mockApis.identity({ token: 'user-token' }),
      ],
      mountedRoutes,
    },
  );
  return backend;
}

const askButton = (control: ControlResult) =>
  screen.findByRole(
    'button',
    { name: `Ask for exemption of ${control.controlId}` },
    { timeout: 10_000 },
  );

describe('asking for an exemption on the PBC tab', () => {
  it('sends the reason, date and resources, then marks the control as requested', async () => {
    const backend = renderTab();
    await userEvent.click(await askButton(failing));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/At most 90 days/)).toBeInTheDocument();
    typeInto(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Fixed with the Q1 network rework',
    );
    const date = within(dialog).getByLabelText(/Expires on/);
    typeInto(date, '2030-01-15');
    typeInto(
      within(dialog).getByRole('textbox', { name: /Only these resources/ }),
      'sg-1, sg-2',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Ask for exemption' }),
    );
    await waitFor(() => expect(backend.posted).toHaveLength(1));
    expect(backend.posted[0]).toEqual({
      entityRef: PAYMENT,
      controlId: failing.controlId,
      reason: 'Fixed with the Q1 network rework',
      expiresAt: '2030-01-15',
      resourceIds: ['sg-1', 'sg-2'],
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByText('Exemption requested')).toBeInTheDocument();
    expect(
      screen.getByText(/Exempt controls are left out of the score/),
    ).toBeInTheDocument();
  });

  it("shows the server's message and keeps the dialog open when refused", async () => {
    const backend = renderTab();
    await userEvent.click(await askButton(failing));
    const dialog = await screen.findByRole('dialog');
    typeInto(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'too late',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Ask for exemption' }),
    );
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The expiry is more than 90 days away',
    );
    expect(backend.exemptions).toEqual([]);
  });

  it('offers no button to someone who may not ask', async () => {
    renderTab(['compliance-dashboard.exemption.request']);
    await screen.findAllByTestId('control-row', {}, { timeout: 10_000 });
    await new Promise(r => setTimeout(r, 200));
    expect(
      screen.queryByRole('button', { name: /Ask for exemption/ }),
    ).not.toBeInTheDocument();
  });

  it('shows an approved exemption as "exempt until" with its reason', async () => {
    const exempted: PbcDetail = {
      ...paymentDetail,
      controls: paymentDetail.controls.map(c =>
        c.controlId === failing.controlId
          ? {
              ...c,
              exemption: {
                exemptionId: 'e-1',
                controlId: c.controlId,
                expiresAt: '2030-01-15T00:00:00.000Z',
                reason: 'Fixed with the Q1 network rework',
              },
            }
          : c,
      ),
    };
    renderTab([], [exempted]);
    const chip = await screen.findByTestId(
      'exempt-chip',
      {},
      { timeout: 10_000 },
    );
    expect(chip).toHaveTextContent('Exempt until 2030-01-15');
    expect(
      screen.getByText('Fixed with the Q1 network rework'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', {
        name: `Ask for exemption of ${failing.controlId}`,
      }),
    ).not.toBeInTheDocument();
  });
});

const request: Exemption = {
  id: 'e-1',
  entityRef: PAYMENT,
  controlId: 'PBC-NET-01',
  reason: 'Fixed with the Q1 network rework',
  requestedBy: 'user:default/pat.payments',
  requestedAt: '2025-06-01T12:00:00.000Z',
  expiresAt: '2030-01-15T00:00:00.000Z',
  state: 'requested',
};

function renderApprovals(deny: string[] = []) {
  const backend = fakeComplianceBackend({
    pbcs: ALL_PBCS,
    exemptions: [{ ...request }],
  });
  server.use(...backend.handlers);
  renderTestApp({
    features: [complianceDashboardPlugin],
    initialRouteEntries: ['/compliance-exemptions'],
    apis: [
      [permissionApiRef, permissionApi({ canRefresh: true, deny })],
      mockApis.identity({ token: 'user-token' }),
    ],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
      '/create': createComponentRouteRef,
    },
  });
  return backend;
}

describe('the platform page', () => {
  it('says how exempt controls are scored', async () => {
    server.use(...fakeComplianceBackend({ pbcs: ALL_PBCS }).handlers);
    renderTestApp({
      features: [complianceDashboardPlugin],
      initialRouteEntries: ['/compliance'],
      apis: [
        [permissionApiRef, permissionApi({ canRefresh: false })],
        mockApis.identity({ token: 'user-token' }),
      ],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': catalogEntityRouteRef,
        '/create': createComponentRouteRef,
      },
    });
    expect(
      await screen.findByText(
        'Exempt controls are left out of the score.',
        {},
        { timeout: 20_000 },
      ),
    ).toBeInTheDocument();
  });
});

describe('the approvals page', () => {
  it('is a page at /compliance-exemptions with a title and icon for the nav', () => {
    const tester = createExtensionTester(exemptionsPage);
    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/compliance-exemptions',
    );
    expect(tester.get(coreExtensionData.routeRef)).toBe(exemptionsRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Exemptions');
  });

  it('approves a request with a comment, and then lists it as in force', async () => {
    const backend = renderApprovals();
    const row = await screen.findByTestId(
      'exemption-row',
      {},
      { timeout: 10_000 },
    );
    expect(row).toHaveTextContent('PBC-NET-01');
    expect(row).toHaveTextContent('Fixed with the Q1 network rework');
    const approve = within(row).getByRole('button', { name: 'Approve' });
    // A decision needs its why.
    expect(approve).toBeDisabled();
    typeInto(
      within(row).getByRole('textbox', { name: /Comment on PBC-NET-01/ }),
      'ok until the rework',
    );
    await userEvent.click(approve);
    await waitFor(() =>
      expect(backend.posted).toEqual([
        {
          id: 'e-1',
          action: 'decision',
          decision: 'approve',
          comment: 'ok until the rework',
        },
      ]),
    );
    expect(
      await screen.findByText('No exemption is waiting for a decision.'),
    ).toBeInTheDocument();
    const inForce = await screen.findByTestId('exemption-row');
    expect(
      within(inForce).getByRole('button', { name: 'Revoke' }),
    ).toBeInTheDocument();
  });

  it('tells others who decides, and shows no request', async () => {
    renderApprovals(['compliance-dashboard.exemption.decide']);
    expect(
      await screen.findByText(
        'Exemptions are decided by the platform team',
        {},
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('exemption-row')).not.toBeInTheDocument();
  });
});
