import { mockServices } from '@backstage/backend-test-utils';
import { Exemption } from '@pbc-portal/plugin-compliance-dashboard-common';
import { ExemptionNotice } from '../notifications/exemptionNotices';
import { notifyingExemptionListener } from './notifyingListener';

const exemption: Exemption = {
  id: 'ex-1',
  entityRef: 'component:default/payment',
  controlId: 'PBC-MSG-01',
  reason: 'Queue migration in progress',
  requestedBy: 'user:default/pat',
  requestedAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2026-12-10T00:00:00.000Z',
  state: 'approved',
};

function world(owner: string | undefined) {
  const told: string[] = [];
  const sent: Array<{ which: string; notice: ExemptionNotice }> = [];
  const listener = notifyingExemptionListener({
    base: {
      expiringSoon: async e => void told.push(`soon ${e.id}`),
      expired: async e => void told.push(`expired ${e.id}`),
    },
    notifier: {
      exemptionExpiringSoon: async notice =>
        void sent.push({ which: 'soon', notice }),
      exemptionExpired: async notice =>
        void sent.push({ which: 'expired', notice }),
    },
    ownerOf: async ref =>
      ref === 'component:default/payment' ? owner : undefined,
    logger: mockServices.logger.mock(),
  });
  return { listener, told, sent };
}

describe('notifyingExemptionListener', () => {
  it("tells the base listener and sends the notice to the PBC's owner group", async () => {
    const { listener, told, sent } = world('group:default/payments-team');
    await listener.expiringSoon(exemption);
    await listener.expired(exemption);
    expect(told).toEqual(['soon ex-1', 'expired ex-1']);
    expect(sent).toEqual([
      {
        which: 'soon',
        notice: {
          pbcEntityRef: 'component:default/payment',
          ownerGroupRef: 'group:default/payments-team',
          controlId: 'PBC-MSG-01',
          expiresAt: '2026-12-10T00:00:00.000Z',
          reason: 'Queue migration in progress',
        },
      },
      {
        which: 'expired',
        notice: expect.objectContaining({ controlId: 'PBC-MSG-01' }),
      },
    ]);
  });

  it('sends nothing for a PBC without an owner, and still tells the base listener', async () => {
    const { listener, told, sent } = world(undefined);
    await listener.expired(exemption);
    expect(told).toEqual(['expired ex-1']);
    expect(sent).toEqual([]);
  });
});
