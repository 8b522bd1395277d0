import { RecordingNotifications } from '../__testUtils__/notificationWorld';
import { createExemptionNotifier, ExemptionNotice } from './exemptionNotices';

const notice: ExemptionNotice = {
  pbcEntityRef: 'component:default/cart',
  ownerGroupRef: 'group:default/team-cart',
  controlId: 'PBC-IAM-02',
  expiresAt: '2026-12-13T00:00:00.000Z',
  reason: 'Migration to the new key in progress',
};

describe('exemption notices', () => {
  it('tells the owner group that an exemption ends soon', async () => {
    const notifications = new RecordingNotifications();
    await createExemptionNotifier({ notifications }).exemptionExpiringSoon(
      notice,
    );
    expect(notifications.sent).toEqual([
      {
        recipients: { type: 'entity', entityRef: 'group:default/team-cart' },
        payload: expect.objectContaining({
          title: 'cart: exemption for PBC-IAM-02 ends on 2026-12-13',
          description: expect.stringContaining(
            'Reason given: Migration to the new key in progress',
          ),
          link: '/catalog/default/component/cart/compliance',
          severity: 'normal',
          topic: 'compliance-exemption',
          scope:
            'compliance-dashboard:exemption:component:default/cart:PBC-IAM-02:2026-12-13T00:00:00.000Z:expiring',
        }),
      },
    ]);
  });

  it('tells the owner group that an exemption has ended, more urgently and in its own scope', async () => {
    const notifications = new RecordingNotifications();
    const notifier = createExemptionNotifier({ notifications });
    await notifier.exemptionExpiringSoon(notice);
    await notifier.exemptionExpired(notice);
    const [soon, expired] = notifications.sent;
    expect(expired.payload).toMatchObject({
      title: 'cart: exemption for PBC-IAM-02 has ended',
      severity: 'high',
      description: expect.stringContaining('the control counts again'),
    });
    expect(expired.payload.scope).not.toBe(soon.payload.scope);
  });

  it('refuses a notice without a usable owner or time, and sends nothing', async () => {
    const notifications = new RecordingNotifications();
    const notifier = createExemptionNotifier({ notifications });
    await expect(
      notifier.exemptionExpired({ ...notice, ownerGroupRef: 'team-cart' }),
    ).rejects.toThrow(/kind/);
    await expect(
      notifier.exemptionExpired({ ...notice, expiresAt: 'next week' }),
    ).rejects.toThrow(/not a time/);
    expect(notifications.sent).toEqual([]);
  });
});
