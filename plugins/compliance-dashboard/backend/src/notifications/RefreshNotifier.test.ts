import { TestDatabases } from '@backstage/backend-test-utils';
import {
  cart,
  createWorld,
  criticalEvent,
  payment,
} from '../__testUtils__/notificationWorld';

jest.setTimeout(60_000);

// From the controls catalog: critical, critical, high, medium.
const CRITICAL = 'PBC-IAM-02';
const CRITICAL_2 = 'PBC-IAM-09';
const HIGH = 'PBC-IAM-01';
const MEDIUM = 'PBC-IAM-03';

describe('RefreshNotifier', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it('announces a control newly failing at critical severity once, to the owner group, linking its article', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    // The first look is the baseline: a control failing already is not news.
    const first = await w.snapshot([
      { target: cart, score: 90, failing: [HIGH] },
    ]);
    expect(await notifier.afterRefresh({ snapshotId: first })).toMatchObject({
      sent: 0,
      baselined: 1,
    });

    const second = await w.snapshot([
      { target: cart, score: 90, failing: [HIGH, CRITICAL] },
    ]);
    await notifier.afterRefresh({ snapshotId: second });
    const [sent, ...more] = w.notifications.take();
    expect(more).toEqual([]);
    expect(sent.recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/team-cart',
    });
    expect(sent.payload).toMatchObject({
      title: `Cart: ${CRITICAL} is failing`,
      severity: 'critical',
      topic: 'compliance-regression',
      link: expect.stringMatching(
        /^\/docs\/default\/component\/architecture-docs\/[^/]+\/#.+/,
      ),
    });
    expect(sent.payload.scope).toMatch(
      /^compliance-dashboard:component:default\/cart:[0-9a-f]{16}$/,
    );

    // Still failing on the next refresh: not told again.
    const third = await w.snapshot([
      { target: cart, score: 90, failing: [HIGH, CRITICAL] },
    ]);
    await notifier.afterRefresh({ snapshotId: third });
    expect(w.notifications.take()).toEqual([]);
  });

  it('announces a new high failure and not a new medium one', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90 },
        { target: payment, score: 90 },
      ]),
    });
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90, failing: [HIGH] },
        { target: payment, score: 90, failing: [MEDIUM] },
      ]),
    });
    const sent = w.notifications.take();
    expect(sent.map(s => s.recipients)).toEqual([
      { type: 'entity', entityRef: 'group:default/team-cart' },
    ]);
    expect(sent[0].payload.severity).toBe('high');
  });

  it('announces again a control that recovered and fails again', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    const run = async (failing: string[]) =>
      notifier.afterRefresh({
        snapshotId: await w.snapshot([{ target: cart, score: 90, failing }]),
      });
    await run([]);
    await run([CRITICAL]);
    await run([]);
    await run([CRITICAL]);
    expect(w.notifications.take().map(s => s.payload.title)).toEqual([
      `Cart: ${CRITICAL} is failing`,
      `Cart: ${CRITICAL} is failing`,
    ]);
  });

  it('announces a score drop of the threshold or more below the reference, a slow slide included', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier(10);
    const run = async (score: number) => {
      await notifier.afterRefresh({
        snapshotId: await w.snapshot([{ target: cart, score }]),
      });
      return w.notifications.take().map(s => s.payload.title);
    };
    expect(await run(90)).toEqual([]);
    expect(await run(81)).toEqual([]); // 9 below 90
    expect(await run(80)).toEqual(['Cart: compliance score fell to 80']); // 10 below 90
    expect(await run(75)).toEqual([]); // 5 below the new reference, 80
    expect(await run(95)).toEqual([]); // the reference follows the score up
    expect(await run(84)).toEqual(['Cart: compliance score fell to 84']);
  });

  it('maps a drop of twice the threshold to high severity, a smaller one to normal', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier(10);
    for (const score of [90, 79, 50]) {
      await notifier.afterRefresh({
        snapshotId: await w.snapshot([{ target: cart, score }]),
      });
    }
    expect(w.notifications.take().map(s => s.payload.severity)).toEqual([
      'normal',
      'high',
    ]);
  });

  it('announces a critical CloudTrail event once, and not a high one', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([{ target: cart, score: 90 }]),
    });
    await notifier.afterRefresh({
      snapshotId: await w.snapshot(
        [{ target: cart, score: 90 }],
        [
          criticalEvent('e-critical', [cart.entityRef]),
          criticalEvent('e-high', [cart.entityRef], 'high'),
        ],
      ),
    });
    const sent = w.notifications.take();
    expect(sent.map(s => s.payload)).toEqual([
      expect.objectContaining({
        title: 'Cart: critical CloudTrail event StopLogging',
        severity: 'critical',
        link: '/catalog/default/component/cart/compliance',
        metadata: expect.objectContaining({ changes: ['event:e-critical'] }),
      }),
    ]);
    // The same event read again (CloudTrail overlap) is stored once and not told again.
    await notifier.afterRefresh({
      snapshotId: await w.snapshot(
        [{ target: cart, score: 90 }],
        [criticalEvent('e-critical', [cart.entityRef])],
      ),
    });
    expect(w.notifications.take()).toEqual([]);
  });

  it('groups the changes of one refresh into one notification per PBC, linking the tab', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier(10);
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 95 },
        { target: payment, score: 95 },
      ]),
    });
    await notifier.afterRefresh({
      snapshotId: await w.snapshot(
        [
          { target: cart, score: 60, failing: [CRITICAL, CRITICAL_2, HIGH] },
          { target: payment, score: 95, failing: [HIGH] },
        ],
        [criticalEvent('e1', [cart.entityRef])],
      ),
    });
    const sent = w.notifications.take();
    expect(sent).toHaveLength(2);
    const toCart = sent.find(
      s =>
        s.recipients.type === 'entity' &&
        s.recipients.entityRef === 'group:default/team-cart',
    )!;
    expect(toCart.payload).toMatchObject({
      title: 'Cart: 5 compliance changes',
      severity: 'critical',
      link: '/catalog/default/component/cart/compliance',
    });
    const lines = toCart.payload.description!.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${CRITICAL} `),
        expect.stringContaining(`${CRITICAL_2} `),
        expect.stringContaining(`${HIGH} `),
        'Score fell from 95 to 60',
        expect.stringContaining('Critical CloudTrail event StopLogging'),
      ]),
    );
    // The most severe first.
    expect(lines[0]).toMatch(/critical/);
  });

  it('leaves a stale PBC alone: one never read gets its baseline at its first read', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    // payment's account could not be read at its first refresh: nothing known.
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90 },
        { target: payment, score: null, stale: true },
      ]),
    });
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90 },
        { target: payment, score: 60, failing: [CRITICAL] },
      ]),
    });
    expect(w.notifications.take()).toEqual([]);
    // From then on it is compared like any other.
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90 },
        { target: payment, score: 60, failing: [CRITICAL, CRITICAL_2] },
      ]),
    });
    expect(w.notifications.take().map(s => s.payload.title)).toEqual([
      `Payment: ${CRITICAL_2} is failing`,
    ]);
  });

  it('keeps a change whose notification could not be sent, and sends it after the next refresh', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([{ target: cart, score: 90 }]),
    });
    w.notifications.failNext = 1;
    expect(
      await notifier.afterRefresh({
        snapshotId: await w.snapshot([
          { target: cart, score: 90, failing: [CRITICAL] },
        ]),
      }),
    ).toMatchObject({ sent: 0, failed: 1 });
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90, failing: [CRITICAL] },
      ]),
    });
    expect(w.notifications.take().map(s => s.payload.title)).toEqual([
      `Cart: ${CRITICAL} is failing`,
    ]);
  });

  it('leaves the stored state of a PBC without changes as it is (no write per PBC per refresh)', async () => {
    const w = await createWorld(databases);
    const notifier = await w.makeNotifier();
    const rows = async () =>
      w.db('notification_pbc_state').orderBy('entity_ref').select();
    await notifier.afterRefresh({
      snapshotId: await w.snapshot([
        { target: cart, score: 90, failing: [HIGH] },
        { target: payment, score: 90 },
      ]),
    });
    const before = await rows();
    await notifier.afterRefresh({
      snapshotId: await w.snapshot(
        [
          { target: cart, score: 90, failing: [HIGH] },
          { target: payment, score: 90, failing: [CRITICAL] },
        ],
        [criticalEvent('e1', [payment.entityRef])],
      ),
    });
    const after = await rows();
    expect(after[0]).toEqual(before[0]); // cart: quiet
    expect(after[1].updated_at).not.toBe(before[1].updated_at); // payment: told
    expect(w.notifications.take()).toHaveLength(1);
  });

  it.each(databases.eachSupportedId())(
    'does not repeat after a restart (%p)',
    async id => {
      const w = await createWorld(databases, id);
      const before = await w.makeNotifier();
      await before.afterRefresh({
        snapshotId: await w.snapshot([{ target: cart, score: 90 }]),
      });
      const failing = await w.snapshot(
        [{ target: cart, score: 70, failing: [CRITICAL] }],
        [criticalEvent('e1', [cart.entityRef])],
      );
      await before.afterRefresh({ snapshotId: failing });
      expect(w.notifications.take()).toHaveLength(1);

      // A new process: new store objects on the same database.
      const after = await w.makeNotifier();
      // The same snapshot told again (the listener ran, then the process died).
      await after.afterRefresh({ snapshotId: failing });
      // The next refresh, with the same failure, score and event read again.
      await after.afterRefresh({
        snapshotId: await w.snapshot(
          [{ target: cart, score: 70, failing: [CRITICAL] }],
          [criticalEvent('e1', [cart.entityRef])],
        ),
      });
      expect(w.notifications.take()).toEqual([]);
    },
  );
});
