import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import request from 'supertest';
import { pbcEntity, TEST_IDENTITY_CONFIG } from '../__testUtils__/testTargets';
import plugin from '../index';
import { complianceReaderServiceRef } from '../service/serviceRefs';
import { FakeComplianceReader } from '../__testUtils__/FakeComplianceReader';

jest.setTimeout(60_000);

const PAT = 'user:default/pat'; // member of team-payment
const ALEX = 'user:default/alex'; // member of team-cart

const entities = [
  pbcEntity('cart'),
  pbcEntity('payment'),
  ...[
    ['team-cart', 'alex'],
    ['team-payment', 'pat'],
  ].flatMap(([group, user]) => [
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: group, namespace: 'default' },
      spec: { type: 'team', children: [] },
      relations: [{ type: 'hasMember', targetRef: `user:default/${user}` }],
    },
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: user, namespace: 'default' },
      spec: { memberOf: [group] },
      relations: [{ type: 'memberOf', targetRef: `group:default/${group}` }],
    },
  ]),
];

/** The real notifications and signals backends next to the dashboard. */
describe('notifications through @backstage/plugin-notifications-backend', () => {
  it("reaches the owning team's members on their notifications page, once", async () => {
    const reader = new FakeComplianceReader();
    const backend = await startTestBackend({
      features: [
        plugin,
        // Without plugin-signals-backend: the test backend's router has no
        // WebSocket handler; the notifications are stored all the same.
        notificationsPlugin,
        mockServices.rootConfig.factory({
          data: {
            ...TEST_IDENTITY_CONFIG,
            app: { baseUrl: 'http://localhost:3000' },
            complianceDashboard: {
              schedule: { frequency: { minutes: 15 }, timeout: { minutes: 5 } },
              catalogPollSeconds: 0,
            },
          },
        }),
        catalogServiceMock.factory({ entities }),
        createServiceFactory({
          service: complianceReaderServiceRef,
          deps: {},
          factory: () => reader,
        }),
      ],
    });
    const server = backend.server;
    const as = (user: string) => ({
      Authorization: mockCredentials.user.header(user),
    });
    const notificationsOf = async (user: string) => {
      const res = await request(server)
        .get('/api/notifications/notifications')
        .set(as(user));
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        payload: { title: string; link: string; severity: string };
      }>;
    };
    const refresh = async () => {
      const accepted = await request(server)
        .post('/api/compliance-dashboard/refresh')
        .set(as(PAT));
      expect(accepted.status).toBe(202);
      for (let i = 0; i < 200; i++) {
        const res = await request(server)
          .get(`/api/compliance-dashboard/refresh/${accepted.body.id}`)
          .set(as(PAT));
        if (!['queued', 'running'].includes(res.body.state)) return;
        await new Promise(r => setTimeout(r, 50));
      }
      throw new Error('refresh did not finish');
    };
    const waitFor = async (user: string, count: number) => {
      for (let i = 0; i < 100; i++) {
        const list = await notificationsOf(user);
        if (list.length >= count) return list;
        await new Promise(r => setTimeout(r, 50));
      }
      return notificationsOf(user);
    };

    await refresh(); // the baseline
    // payment's table loses point-in-time recovery.
    reader.paymentPitrLost = true;
    await refresh();
    const [notification, ...more] = await waitFor(PAT, 1);
    expect(more).toEqual([]);
    expect(notification.payload).toMatchObject({
      title: 'Payment: 2 compliance changes',
      link: '/catalog/default/component/payment/compliance',
      severity: 'high',
    });
    expect(await notificationsOf(ALEX)).toEqual([]);

    // Still failing: nothing more.
    await refresh();
    await new Promise(r => setTimeout(r, 300));
    expect(await notificationsOf(PAT)).toHaveLength(1);
    await backend.stop();
  });
});
