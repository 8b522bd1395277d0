// Issue 12, point 3: the compliance dashboard's actions as an assistant sees them. A real MCP
// client (the SDK's, over Streamable HTTP) talks to the portal's plugins started in one process
// on an ephemeral port: the mcp-actions backend, the compliance dashboard (AWS replaced by a
// reader that knows two PBCs' findings and events), the catalog, and the permission backend
// with the portal's policy. Two users of two teams each see their own PBC and not the other's.
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import { ComplianceReader } from '@pbc-portal/plugin-compliance-dashboard-backend';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import fs from 'node:fs';
import { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  catalogHolds,
  portalFeatures,
  refreshAs,
} from './__testUtils__/portalBackend';

jest.setTimeout(120_000);

const CHECKOUT_DEV = 'user:default/chris';
const PAYMENTS_DEV = 'user:default/pat';
const PLATFORM_ARCHITECT = 'user:default/ana';
const GROUPS: Record<string, string[]> = {
  [CHECKOUT_DEV]: [CHECKOUT_DEV, 'group:default/checkout-team'],
  [PAYMENTS_DEV]: [PAYMENTS_DEV, 'group:default/payments-team'],
  [PLATFORM_ARCHITECT]: [PLATFORM_ARCHITECT, 'group:default/platform-team'],
};
const REGION = 'eu-west-1';
const ACCOUNTS: Record<string, string> = {
  checkout: '111111111111',
  payment: '222222222222',
};

const component = (name: string, owner: string) => `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${name}
  annotations:
    pbc-portal.io/pbc: ${name}
    pbc-portal.io/aws-account-id: '${ACCOUNTS[name]}'
    pbc-portal.io/aws-region: ${REGION}
spec: { type: service, lifecycle: production, owner: ${owner} }
`;

const pbcOf = (accountId: string) =>
  Object.keys(ACCOUNTS).find(pbc => ACCOUNTS[pbc] === accountId)!;

/** AWS as the dashboard would read it: each PBC's table without PITR, and who turned it off. */
const reader: ComplianceReader = {
  async readConfig(target) {
    const pbc = pbcOf(target.accountId);
    const table = `${pbc}-orders`;
    return {
      ...target,
      resources: pbc
        ? [
            {
              ...target,
              resourceType: 'AWS::DynamoDB::Table',
              resourceId: table,
              resourceName: table,
              pbc,
            },
          ]
        : [],
      rules: [
        {
          name: 'DYNAMODB_PITR_ENABLED',
          sourceOwner: 'AWS',
          sourceIdentifier: 'DYNAMODB_PITR_ENABLED',
          compliance: 'NON_COMPLIANT',
        },
      ],
      evaluations: pbc
        ? [
            {
              ruleName: 'DYNAMODB_PITR_ENABLED',
              resourceType: 'AWS::DynamoDB::Table',
              resourceId: table,
              compliance: 'NON_COMPLIANT' as const,
            },
          ]
        : [],
      conformancePacks: [],
    };
  },
  async readCloudTrail(target, window, onPage) {
    const pbc = pbcOf(target.accountId);
    if (!pbc) return { pages: 1, events: 0 };
    const table = `${pbc}-orders`;
    await onPage([
      {
        eventId: `00000000-0000-4000-8000-00000000000${pbc.length}`,
        eventTime: new Date(
          Math.max(window.start.getTime(), Date.now() - 3600000),
        ),
        eventName: 'UpdateContinuousBackups',
        eventSource: 'dynamodb.amazonaws.com',
        resources: [{ type: 'AWS::DynamoDB::Table', name: table }],
        cloudTrailEvent: JSON.stringify({
          userIdentity: {
            type: 'AssumedRole',
            arn: `arn:aws:sts::${target.accountId}:assumed-role/pbc-${pbc}-role/deploy`,
          },
          awsRegion: target.region,
          requestParameters: {
            tableName: table,
            pointInTimeRecoverySpecification: {
              pointInTimeRecoveryEnabled: false,
            },
          },
        }),
      },
    ]);
    return { pages: 1, events: 1 };
  },
};

describe('compliance actions over MCP, as two users', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-mcp-'));
  const catalogFile = path.join(base, 'pbcs.yaml');
  fs.writeFileSync(
    catalogFile,
    [
      component('checkout', 'checkout-team'),
      component('payment', 'payments-team'),
    ].join('---\n'),
  );
  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  let server: Parameters<typeof request>[0];
  let mcpUrl: URL;
  const clients: Client[] = [];
  afterAll(() => Promise.all(clients.map(c => c.close())));

  /** A connected MCP client that sends the user's Backstage token. */
  async function connectAs(user: string): Promise<Client> {
    const client = new Client({ name: 'pbc-portal-test', version: '0.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(mcpUrl, {
        requestInit: {
          headers: { Authorization: mockCredentials.user.header(user) },
        },
      }),
    );
    clients.push(client);
    return client;
  }

  const call = (client: Client, name: string, args: Record<string, unknown>) =>
    client.callTool({ name: `compliance-dashboard.${name}`, arguments: args });
  const structured = async (
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ) => {
    const result = await call(client, name, args);
    expect(result.isError).toBeFalsy();
    return result.structuredContent as any;
  };
  const errorText = async (
    client: Client,
    name: string,
    args: Record<string, unknown>,
  ) => {
    const result = await call(client, name, args);
    expect(result.isError).toBe(true);
    return (result.content as Array<{ text: string }>)[0].text;
  };

  beforeAll(async () => {
    const backend = await startTestBackend({
      features: [
        ...portalFeatures({
          groups: GROUPS,
          reader,
          catalogFile,
          region: REGION,
          config: {
            app: { baseUrl: 'https://portal.example.com' },
            backend: { actions: { pluginSources: ['compliance-dashboard'] } },
          },
        }),
        mcpActionsPlugin,
      ],
    });
    server = backend.server;
    const { port } = backend.server.address() as AddressInfo;
    mcpUrl = new URL(`http://localhost:${port}/api/mcp-actions/v1`);

    await catalogHolds(server, Object.keys(ACCOUNTS));
    const { status, finished } = await refreshAs(server, PLATFORM_ARCHITECT);
    if (status !== 202) {
      throw new Error(`refresh not accepted: ${status}`);
    }
    if (finished.state !== 'succeeded') {
      throw new Error(`refresh ${finished.state}: ${JSON.stringify(finished)}`);
    }
  });

  it('lists the four compliance tools, read-only, and no other plugin’s', async () => {
    const client = await connectAs(CHECKOUT_DEV);
    const { tools } = await client.listTools();
    expect(tools.map(t => t.name).sort()).toEqual([
      'compliance-dashboard.get-pbc-cloudtrail-since-compliant',
      'compliance-dashboard.get-pbc-compliance-summary',
      'compliance-dashboard.list-pbc-failing-controls',
      'compliance-dashboard.list-pbcs-failing-control',
    ]);
    for (const tool of tools) {
      expect(tool.annotations).toMatchObject({
        readOnlyHint: true,
        destructiveHint: false,
      });
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it.each([
    [CHECKOUT_DEV, 'checkout', 'payment'],
    [PAYMENTS_DEV, 'payment', 'checkout'],
  ])('%s sees %s through every tool and not %s', async (user, own, other) => {
    const client = await connectAs(user);

    const { summary } = await structured(client, 'get-pbc-compliance-summary', {
      pbc: own,
    });
    expect(summary).toMatchObject({
      entityRef: `component:default/${own}`,
      awsAccountId: ACCOUNTS[own],
      failingControls: { high: 1 },
      pbcTabUrl: `https://portal.example.com/catalog/default/component/${own}/compliance`,
    });
    expect(
      await errorText(client, 'get-pbc-compliance-summary', { pbc: other }),
    ).toBe(
      `NotFoundError: No PBC 'default/${other}' with compliance data that you may read`,
    );
    // Unknown answers the same as unreadable.
    expect(
      await errorText(client, 'get-pbc-compliance-summary', { pbc: 'nope' }),
    ).toBe(
      "NotFoundError: No PBC 'default/nope' with compliance data that you may read",
    );

    const failing = await structured(client, 'list-pbc-failing-controls', {
      pbc: own,
    });
    expect(failing.controls).toEqual([
      expect.objectContaining({
        controlId: 'PBC-DATA-01',
        resources: [`${own}-orders`],
        guidance: expect.objectContaining({
          url: 'https://portal.example.com/docs/default/component/architecture-docs/07-databases/#rpo-and-rto-by-design',
          text: expect.stringContaining('RPO'),
        }),
      }),
    ]);
    expect(
      await errorText(client, 'list-pbc-failing-controls', { pbc: other }),
    ).toMatch(/^NotFoundError: /);

    const byControl = await structured(client, 'list-pbcs-failing-control', {
      controlId: 'PBC-DATA-01',
    });
    expect(byControl.pbcs.map((p: any) => p.name)).toEqual([own]);
    expect(
      await errorText(client, 'list-pbcs-failing-control', {
        controlId: 'PBC-NOPE-01',
      }),
    ).toMatch(/^NotFoundError: No control 'PBC-NOPE-01'/);

    const changes = await structured(
      client,
      'get-pbc-cloudtrail-since-compliant',
      { pbc: own },
    );
    expect(changes).toMatchObject({
      entityRef: `component:default/${own}`,
      compliantNow: false,
    });
    expect(changes.events).toEqual([
      expect.objectContaining({
        eventName: 'UpdateContinuousBackups',
        awsAccountId: ACCOUNTS[own],
        resources: [`${own}-orders`],
      }),
    ]);
    expect(
      await errorText(client, 'get-pbc-cloudtrail-since-compliant', {
        pbc: other,
      }),
    ).toMatch(/^NotFoundError: /);
  });

  it('shows a platform member both PBCs failing the control', async () => {
    const client = await connectAs(PLATFORM_ARCHITECT);
    const byControl = await structured(client, 'list-pbcs-failing-control', {
      controlId: 'PBC-DATA-01',
    });
    expect(byControl.pbcs.map((p: any) => p.name).sort()).toEqual([
      'checkout',
      'payment',
    ]);
  });

  it('refuses a caller without a token', async () => {
    const client = new Client({ name: 'anonymous', version: '0.0.0' });
    await expect(
      client.connect(
        new StreamableHTTPClientTransport(mcpUrl, {
          requestInit: {
            headers: { Authorization: mockCredentials.none.header() },
          },
        }),
      ),
    ).rejects.toThrow();
  });
});
