import { TestDatabases } from '@backstage/backend-test-utils';
import { pbcTarget } from '../__testUtils__/testTargets';
import { cart, createWorld, payment } from '../__testUtils__/notificationWorld';
import { NotificationStateStore } from './NotificationStateStore';
import { WeeklyDigest } from './WeeklyDigest';

jest.setTimeout(60_000);

const CRITICAL = 'PBC-IAM-02';
const HIGH = 'PBC-IAM-01';
const DAY = 86400000;

describe('WeeklyDigest', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  // A second PBC of cart's team.
  const search = pbcTarget('search', { owner: 'team-cart' });

  it("sends each team its PBCs, their scores and the week's new failures", async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    const digest = new WeeklyDigest({
      store: w.store,
      state: await NotificationStateStore.create({ database: w.database }),
      notifications: w.notifications,
      logger: w.logger,
      now: w.now,
    });
    // HIGH fails from cart's baseline: not new this week.
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90, failing: [HIGH] },
        { target: search, score: 80 },
        { target: payment, score: 100 },
      ]),
    });
    w.advance(3 * DAY);
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 70, failing: [HIGH, CRITICAL] },
        { target: search, score: 80 },
        { target: payment, score: 100 },
      ]),
    });
    w.notifications.take();

    expect(await digest.send()).toBe(2);
    const sent = w.notifications.take();
    const toCart = sent.find(
      s =>
        s.recipients.type === 'entity' &&
        s.recipients.entityRef === 'group:default/team-cart',
    )!;
    expect(toCart.payload).toMatchObject({
      title: 'Weekly compliance digest for team-cart: 2 PBCs, 1 new failure',
      link: '/catalog/default/group/team-cart/compliance',
      topic: 'compliance-digest',
      severity: 'low',
    });
    expect(toCart.payload.description!.split('\n')).toEqual([
      `Cart: score 70 (-20 this week), new failures: ${CRITICAL} (critical)`,
      'Search: score 80, no new failures',
    ]);
    expect(
      sent.find(
        s =>
          s.recipients.type === 'entity' &&
          s.recipients.entityRef === 'group:default/team-payment',
      )?.payload.title,
    ).toBe('Weekly compliance digest for team-payment: 1 PBC, 0 new failures');

    // A week on, the failure is no longer new.
    w.advance(8 * DAY);
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 70, failing: [HIGH, CRITICAL] },
        { target: search, score: 80 },
        { target: payment, score: 100 },
      ]),
    });
    await digest.send();
    expect(
      w.notifications
        .take()
        .find(
          s =>
            s.recipients.type === 'entity' &&
            s.recipients.entityRef === 'group:default/team-cart',
        )!.payload.description,
    ).toBe(
      'Cart: score 70, no new failures\nSearch: score 80, no new failures',
    );
  });

  it('sends nothing before the first snapshot', async () => {
    const w = await createWorld(databases);
    const digest = new WeeklyDigest({
      store: w.store,
      state: await NotificationStateStore.create({ database: w.database }),
      notifications: w.notifications,
      logger: w.logger,
      now: w.now,
    });
    expect(await digest.send()).toBe(0);
    expect(w.notifications.sent).toEqual([]);
  });
});
