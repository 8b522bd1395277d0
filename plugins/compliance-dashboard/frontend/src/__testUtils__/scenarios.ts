// The states every view must handle, shared by the tests of both entry points
// (new frontend system and legacy) so that each runs the same checks.
import { screen, within } from '@testing-library/react';
import type { RequestHandler } from 'msw';
import { Entity } from '@backstage/catalog-model';
import {
  ALL_PBCS,
  checkoutTeam,
  paymentDetail,
  paymentsTeam,
  hostileEvent,
} from './fixtures';
import {
  emptyBackend,
  failingBackend,
  fakeComplianceBackend,
  hangingBackend,
} from './fakeBackend';
import { emptyTeamEntity, paymentEntity, paymentsTeamEntity } from './entities';

export interface Scenario {
  name: string;
  handlers: () => RequestHandler[];
  entity?: Entity;
  verify: () => Promise<void>;
}

const TIMEOUT = { timeout: 10_000 };

const fullBackend = () =>
  fakeComplianceBackend({
    pbcs: ALL_PBCS,
    details: [paymentDetail],
    teams: [paymentsTeam, checkoutTeam],
  }).handlers;

async function expectForbidden(whom: RegExp) {
  const alert = await screen.findByText(
    'You do not have access to this compliance data',
    undefined,
    TIMEOUT,
  );
  const panel = alert.closest('[role="alert"]') as HTMLElement;
  expect(panel).toHaveTextContent('compliance-dashboard.read');
  expect(panel).toHaveTextContent(whom);
  expect(panel).toHaveTextContent(/reload this page/);
}

async function expectServerError() {
  expect(
    await screen.findByText(
      /The compliance data could not be loaded: database is locked/,
      undefined,
      TIMEOUT,
    ),
  ).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Try again' })).toBeEnabled();
}

async function verifyPlatformPageLoading() {
  expect(
    await screen.findByText('Loading compliance data…', undefined, TIMEOUT),
  ).toBeInTheDocument();
  expect(screen.queryByRole('table')).not.toBeInTheDocument();
}

async function verifyPlatformPageEmptyBeforeTheFirstRefresh() {
  expect(
    await screen.findByText('No refresh yet', undefined, TIMEOUT),
  ).toBeInTheDocument();
  expect(
    screen.getByText(
      /ask someone with the compliance-dashboard.refresh permission/,
    ),
  ).toBeInTheDocument();
}

async function verifyPlatformPageEmptyCatalog() {
  expect(
    await screen.findByText('No PBCs yet', undefined, TIMEOUT),
  ).toBeInTheDocument();
  expect(
    screen.getByText(/Create one from the PBC template/),
  ).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Create a PBC' })).toHaveAttribute(
    'href',
    '/create',
  );
}

async function verifyPlatformPageData() {
  const table = await screen.findByRole(
    'table',
    { name: 'PBCs and their compliance' },
    TIMEOUT,
  );
  const rows = within(table).getAllByTestId('pbc-row');
  // Worst score first by default.
  expect(rows.map(r => within(r).getAllByRole('link')[0].textContent)).toEqual([
    'Checkout',
    'Payment',
    'Cart',
  ]);
  const payment = rows[1];
  expect(
    within(payment).getByRole('link', { name: 'Payment' }),
  ).toHaveAttribute('href', '/catalog/default/component/payment/compliance');
  expect(
    within(payment).getByRole('link', { name: 'payments-team' }),
  ).toHaveAttribute('href', '/catalog/default/group/payments-team');
  expect(payment).toHaveTextContent('2 critical');
  expect(payment).toHaveTextContent('3 high');
  expect(payment).toHaveTextContent('PCI');
  expect(
    within(payment).getByRole('img', { name: /Score trend over 7 days/ }),
  ).toBeInTheDocument();
  // Stale data is marked, with the account and its error.
  expect(rows[0]).toHaveTextContent(
    'Stale — data as of 2025-05-31 11:30 UTC; account 111122223333 (eu-west-1) could not be read: AccessDenied',
  );
  expect(rows[2]).not.toHaveTextContent('Stale');
  expect(
    screen.getByText(/Data from the refresh of 2025-06-01 11:30 UTC/),
  ).toBeInTheDocument();
  // The heatmap: one row of seven family cells per PBC on the page.
  const heatmap = await screen.findByRole(
    'figure',
    { name: 'Failing controls by PBC and control family' },
    TIMEOUT,
  );
  const cells = await within(heatmap).findAllByTestId(
    'heat-cell',
    undefined,
    TIMEOUT,
  );
  expect(cells).toHaveLength(3 * 7);
  const network = paymentDetail.controls.filter(
    c => c.status === 'failing' && c.family === 'network',
  ).length;
  expect(network).toBeGreaterThanOrEqual(2);
  expect(
    within(heatmap).getByLabelText(
      `Payment, network: ${network} failing controls`,
    ),
  ).toBeInTheDocument();
  expect(
    within(heatmap).getByLabelText('Cart, network: 0 failing controls'),
  ).toBeInTheDocument();
}

async function verifyPbcTabLoading() {
  expect(
    await screen.findByText(
      "Loading this PBC's compliance…",
      undefined,
      TIMEOUT,
    ),
  ).toBeInTheDocument();
}

async function verifyPbcTabEmptyBeforeItsFirstRefresh() {
  expect(
    await screen.findByText(
      'No compliance data for this PBC',
      undefined,
      TIMEOUT,
    ),
  ).toBeInTheDocument();
  expect(
    screen.getByText(/Press Refresh on the Compliance page/),
  ).toBeInTheDocument();
  expect(
    screen.getByRole('button', { name: 'Open the Compliance page' }),
  ).toHaveAttribute('href', '/compliance');
}

async function verifyPbcTabData() {
  const controls = await screen.findByRole(
    'table',
    { name: 'Controls' },
    TIMEOUT,
  );
  const rows = within(controls).getAllByTestId('control-row');
  expect(rows).toHaveLength(paymentDetail.controls.length);
  expect(rows[0]).toHaveTextContent('Failing');
  expect(within(controls).getAllByText('Failing')).toHaveLength(
    paymentDetail.controls.filter(c => c.status === 'failing').length,
  );
  expect(within(controls).getAllByText('Insufficient data')).toHaveLength(1);
  expect(within(controls).getAllByText('Passing').length).toBeGreaterThan(50);
  // Every control has its "why" link into the architecture series.
  expect(
    within(controls).getAllByRole('link', { name: /^Why PBC-/ }),
  ).toHaveLength(paymentDetail.controls.length);
  const net01 = paymentDetail.controls.find(c => c.controlId === 'PBC-NET-01')!;
  expect(
    within(controls).getByRole('link', {
      name: 'Why PBC-NET-01: read the guidance',
    }),
  ).toHaveAttribute('href', net01.guidanceUrl);
  expect(net01.guidanceUrl).toMatch(
    /^\/docs\/default\/component\/architecture-docs\/[\w-]+\/#[\w-]+$/,
  );

  // Non-compliant resources link to the AWS console, unless the URL is not http(s).
  const resources = screen.getByRole('table', {
    name: 'Non-compliant resources',
  });
  expect(
    within(resources).getByRole('link', {
      name: /^Open payment-api-sg in the AWS console/,
    }),
  ).toHaveAttribute('href', paymentDetail.nonCompliantResources[0].consoleUrl);
  expect(within(resources).getAllByRole('link')).toHaveLength(1);
  expect(resources).toHaveTextContent('payment-receipts');

  // The timeline renders CloudTrail's fields as text, never as HTML.
  const events = screen.getAllByTestId('risky-event');
  expect(events).toHaveLength(2);
  expect(events[0]).toHaveTextContent('AuthorizeSecurityGroupIngress');
  expect(events[0]).toHaveTextContent(
    'Who: arn:aws:sts::222233334444:assumed-role/pbc-payment-role/deploy',
  );
  expect(events[0]).toHaveTextContent('From: 203.0.113.10');
  expect(events[0]).toHaveTextContent('2025-05-31 14:02 UTC');
  expect(events[1]).toHaveTextContent(`Who: ${hostileEvent.principal}`);
  expect(events[1]).toHaveTextContent(`From: ${hostileEvent.sourceIpAddress}`);
  expect(events[1]).toHaveTextContent(hostileEvent.reasons[0].why);
  expect(document.querySelector('img[src="x"]')).toBeNull();
  expect(document.querySelector('script')).toBeNull();
  expect(events[1].querySelector('b')).toBeNull();
  expect((window as any).__pwned).toBeUndefined();

  // Score over time, and the summary.
  expect(
    screen.getByRole('figure', { name: 'Score over time' }),
  ).toHaveTextContent(
    `Score from 92 on 2025-05-26 to ${paymentDetail.summary.score} on 2025-06-01`,
  );
  expect(screen.getByText('Compliance summary')).toBeInTheDocument();
}

async function verifyTeamTabLoading() {
  expect(
    await screen.findByText(
      "Loading the team's compliance…",
      undefined,
      TIMEOUT,
    ),
  ).toBeInTheDocument();
}

async function verifyTeamTabEmpty() {
  expect(
    await screen.findByText(
      'No PBCs yet for customer-team',
      undefined,
      TIMEOUT,
    ),
  ).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Create a PBC' })).toHaveAttribute(
    'href',
    '/create',
  );
}

async function verifyTeamTabData() {
  expect(
    await screen.findByText('Team roll-up', undefined, TIMEOUT),
  ).toBeInTheDocument();
  const table = screen.getByRole('table', {
    name: 'PBCs owned by payments-team',
  });
  const rows = within(table).getAllByTestId('pbc-row');
  expect(rows).toHaveLength(1);
  expect(
    within(rows[0]).getByRole('link', { name: 'Payment' }),
  ).toHaveAttribute('href', '/catalog/default/component/payment/compliance');
  // The owner column is left out: it is this team.
  expect(within(table).queryByText('Owner')).not.toBeInTheDocument();
  expect(
    screen.getByRole('link', { name: /See them on the Compliance page/ }),
  ).toHaveAttribute(
    'href',
    '/compliance?owner=group%3Adefault%2Fpayments-team',
  );
}

export const platformPageScenarios: Scenario[] = [
  {
    name: 'loading',
    handlers: hangingBackend,
    verify: verifyPlatformPageLoading,
  },
  {
    name: 'empty before the first refresh',
    handlers: emptyBackend,
    verify: verifyPlatformPageEmptyBeforeTheFirstRefresh,
  },
  {
    name: 'empty catalog',
    handlers: () => fakeComplianceBackend({ pbcs: [] }).handlers,
    verify: verifyPlatformPageEmptyCatalog,
  },
  {
    name: 'server error',
    handlers: () => failingBackend(500, 'database is locked'),
    verify: expectServerError,
  },
  {
    name: 'permission denied',
    handlers: () => failingBackend(403, 'not allowed'),
    verify: () => expectForbidden(/the platform team/),
  },
  {
    name: 'data',
    handlers: fullBackend,
    verify: verifyPlatformPageData,
  },
];

export const pbcTabScenarios: Scenario[] = [
  {
    name: 'loading',
    entity: paymentEntity,
    handlers: hangingBackend,
    verify: verifyPbcTabLoading,
  },
  {
    name: 'empty before its first refresh',
    entity: paymentEntity,
    handlers: () => fakeComplianceBackend({ pbcs: [] }).handlers,
    verify: verifyPbcTabEmptyBeforeItsFirstRefresh,
  },
  {
    name: 'server error',
    entity: paymentEntity,
    handlers: () => failingBackend(500, 'database is locked'),
    verify: expectServerError,
  },
  {
    name: 'permission denied',
    entity: paymentEntity,
    handlers: () => failingBackend(403, 'not allowed'),
    verify: () =>
      expectForbidden(/payments-team \(the PBC's owner\) or the platform team/),
  },
  {
    name: 'data',
    entity: paymentEntity,
    handlers: fullBackend,
    verify: verifyPbcTabData,
  },
];

export const teamTabScenarios: Scenario[] = [
  {
    name: 'loading',
    entity: paymentsTeamEntity,
    handlers: hangingBackend,
    verify: verifyTeamTabLoading,
  },
  {
    name: 'empty',
    entity: emptyTeamEntity,
    handlers: fullBackend,
    verify: verifyTeamTabEmpty,
  },
  {
    name: 'server error',
    entity: paymentsTeamEntity,
    handlers: () => failingBackend(500, 'database is locked'),
    verify: expectServerError,
  },
  {
    name: 'permission denied',
    entity: paymentsTeamEntity,
    handlers: () => failingBackend(403, 'not allowed'),
    verify: () => expectForbidden(/the platform team/),
  },
  {
    name: 'data',
    entity: paymentsTeamEntity,
    handlers: fullBackend,
    verify: verifyTeamTabData,
  },
];
