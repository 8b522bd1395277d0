import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readComplianceDashboardConfig } from '../config';
import { ComplianceStore } from '../database/ComplianceStore';
import { pbcTarget } from '../__testUtils__/testTargets';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';
import { ComplianceService } from '../service/ComplianceService';
import { PbcAccess } from '../service/PbcAccess';
import { parseEventBridgeMessage } from './events';
import { PushedEventRecorder } from './PushedEventRecorder';

jest.setTimeout(60_000);

const ALL: PbcAccess = { allowedRefs: async () => 'all' };

/** An EventBridge "AWS API Call via CloudTrail" event as the queue delivers it. */
function apiCallMessage(options: {
  id: string;
  eventId: string;
  accountId: string;
  role: string;
  tableName: string;
}) {
  return JSON.stringify({
    version: '0',
    id: options.id,
    'detail-type': 'AWS API Call via CloudTrail',
    source: 'aws.dynamodb',
    account: options.accountId,
    time: new Date().toISOString(),
    region: 'eu-west-1',
    resources: [],
    detail: {
      eventVersion: '1.08',
      eventID: options.eventId,
      eventTime: new Date(Date.now() - 60_000).toISOString(),
      eventName: 'UpdateContinuousBackups',
      eventSource: 'dynamodb.amazonaws.com',
      readOnly: false,
      awsRegion: 'eu-west-1',
      sourceIPAddress: '192.0.2.20',
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${options.accountId}:assumed-role/${options.role}/session`,
      },
      requestParameters: {
        tableName: options.tableName,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      },
    },
  });
}

function apiCall(body: string) {
  const parsed = parseEventBridgeMessage(body);
  if (parsed.kind !== 'api-call') throw new Error(`parsed as ${parsed.kind}`);
  return parsed;
}

describe('PushedEventRecorder', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'counts a pushed risky CloudTrail event into its PBC without reading AWS, once (%p)',
    async id => {
      const knex = await databases.init(id);
      const store = await ComplianceStore.create({
        database: { getClient: async () => knex },
      });
      const reader = new FakeComplianceReader();
      const config = readComplianceDashboardConfig(new ConfigReader({}));
      const service = new ComplianceService({
        store,
        reader,
        config,
        logger: mockServices.logger.mock(),
        loadPbcs: async () => [
          pbcTarget('cart'),
          pbcTarget('payment'),
          pbcTarget('search', { accountId: '222222222222' }),
        ],
      });
      const [refresh] = await service.runScheduledRefresh();
      expect(refresh.state).toBe('succeeded');
      const risky = async (name: string) =>
        (await service.listPbcs({ search: name }, ALL)).items.find(
          p => p.name === name,
        )!.riskyEvents;
      // The refresh's LookupEvents found cart's event only.
      expect(await risky('cart')).toBe(1);
      expect(await risky('search')).toBe(0);
      expect(await risky('payment')).toBe(0);
      const callsAfterRefresh = reader.calls;

      // What the change-driven reader kept of account 111111111111.
      const known = (
        await reader.readConfig({
          accountId: '111111111111',
          region: 'eu-west-1',
        })
      ).resources;
      reader.calls = callsAfterRefresh;
      const recorder = new PushedEventRecorder({
        store,
        risk: config.risk,
        riskyEventDays: config.riskyEventDays,
        resourcesOf: accountId => (accountId === '111111111111' ? known : []),
        onRecorded: () => service.pushedEventsRecorded(),
      });

      // search's own role (naming contract: pbc-<name>-role) turns PITR off.
      const bySearch = apiCall(
        apiCallMessage({
          id: 'eb-1',
          eventId: 'c0ffee00-0000-4000-8000-000000000001',
          accountId: '222222222222',
          role: 'pbc-search-role',
          tableName: 'search-index',
        }),
      );
      // An operator's role on payment's table: attributed by the resource.
      const onPayment = apiCall(
        apiCallMessage({
          id: 'eb-2',
          eventId: 'c0ffee00-0000-4000-8000-000000000002',
          accountId: '111111111111',
          role: 'ops-admin',
          tableName: 'payment-table',
        }),
      );
      const first = await recorder.record([bySearch, onPayment]);
      expect(first.entityRefs.sort()).toEqual([
        'component:default/payment',
        'component:default/search',
      ]);
      expect(await risky('search')).toBe(1);
      expect(await risky('payment')).toBe(1);
      expect(await risky('cart')).toBe(1);
      const detail = await service.getPbc('component:default/search');
      expect(detail.riskyEvents.map(e => e.eventId)).toEqual([
        'c0ffee00-0000-4000-8000-000000000001',
      ]);
      expect(detail.riskyEvents[0]).toMatchObject({
        eventName: 'UpdateContinuousBackups',
        sourceIpAddress: '192.0.2.20',
      });

      // Delivered again (SQS at-least-once): counted once.
      await recorder.record([bySearch]);
      expect(await risky('search')).toBe(1);
      // No AWS call: neither Config nor CloudTrail was read for it.
      expect(reader.calls).toBe(callsAfterRefresh);
    },
  );

  it('ignores events of PBCs it does not know, read-only calls, and before any snapshot', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await ComplianceStore.create({
      database: { getClient: async () => knex },
    });
    const config = readComplianceDashboardConfig(new ConfigReader({}));
    const onRecorded = jest.fn();
    const recorder = new PushedEventRecorder({
      store,
      risk: config.risk,
      riskyEventDays: config.riskyEventDays,
      resourcesOf: () => [],
      onRecorded,
    });
    const event = apiCall(
      apiCallMessage({
        id: 'eb-3',
        eventId: 'c0ffee00-0000-4000-8000-000000000003',
        accountId: '111111111111',
        role: 'pbc-cart-role',
        tableName: 'cart-table',
      }),
    );
    expect(await recorder.record([event])).toEqual({
      risky: [],
      entityRefs: [],
    });
    expect(onRecorded).not.toHaveBeenCalled();
    const readOnly = JSON.parse(
      apiCallMessage({
        id: 'eb-4',
        eventId: 'e4',
        accountId: '111111111111',
        role: 'pbc-cart-role',
        tableName: 'cart-table',
      }),
    );
    readOnly.detail.readOnly = true;
    expect(parseEventBridgeMessage(JSON.stringify(readOnly)).kind).toBe(
      'other',
    );
    const broken = JSON.parse(
      apiCallMessage({
        id: 'eb-5',
        eventId: 'e5',
        accountId: '111111111111',
        role: 'pbc-cart-role',
        tableName: 'cart-table',
      }),
    );
    delete broken.detail.eventID;
    expect(() => parseEventBridgeMessage(JSON.stringify(broken))).toThrow(
      /API call without eventID/,
    );
  });
});
