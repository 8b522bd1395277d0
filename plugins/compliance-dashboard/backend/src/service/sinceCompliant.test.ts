import { ComplianceStore } from '../database/ComplianceStore';
import {
  changesSinceCompliant,
  lastCompliantDay,
  MAX_EVENTS,
} from './sinceCompliant';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('lastCompliantDay', () => {
  it('is the latest day with a score of 100, not the first', () => {
    expect(
      lastCompliantDay([
        { day: '2026-03-01', score: 100 },
        { day: '2026-03-02', score: 80 },
        { day: '2026-03-05', score: 100 },
        { day: '2026-03-06', score: 90 },
        { day: '2026-03-07', score: null },
      ]),
    ).toBe('2026-03-05');
  });

  it('is undefined when the PBC never scored 100', () => {
    expect(lastCompliantDay([{ day: '2026-03-01', score: 99 }])).toBe(
      undefined,
    );
  });
});

describe('changesSinceCompliant', () => {
  const event = (i: number) => ({
    eventId: `e${i}`,
    eventTime: '2026-03-09T00:00:00.000Z',
    eventName: 'PutBucketPolicy',
    eventSource: 's3.amazonaws.com',
    accountId: '111111111111',
    region: 'eu-west-1',
    severity: 'high' as const,
    reasons: [],
    resources: [],
    pbcs: ['component:default/cart'],
  });
  const storeWith = (
    history: Array<{ day: string; score: number | null }>,
    events: number,
  ) => {
    const asked: Array<{ since: Date; limit: number; historyFrom: string }> =
      [];
    const store = {
      async listScoreHistory(sinceDay: string, entityRef: string) {
        asked.push({ since: new Date(0), limit: 0, historyFrom: sinceDay });
        return new Map([[entityRef, history]]);
      },
      async listRiskyEvents(_ref: string, since: Date, limit: number) {
        asked.push({ since, limit, historyFrom: '' });
        return Array.from({ length: Math.min(events, limit) }, (_, i) =>
          event(i),
        );
      },
    } as unknown as ComplianceStore;
    return { store, asked };
  };

  it('asks for events from the start of the last compliant day, and says when there are more than it lists', async () => {
    const { store, asked } = storeWith(
      [
        { day: '2026-03-04', score: 100 },
        { day: '2026-03-08', score: 70 },
      ],
      MAX_EVENTS + 5,
    );
    const result = await changesSinceCompliant({
      store,
      entityRef: 'component:default/cart',
      currentScore: 70,
      retentionDays: 90,
      now: () => NOW,
    });
    expect(asked[0].historyFrom).toBe('2025-12-10');
    expect(asked[1].since.toISOString()).toBe('2026-03-04T00:00:00.000Z');
    expect(result).toMatchObject({
      compliantNow: false,
      lastCompliantDay: '2026-03-04',
      since: '2026-03-04T00:00:00.000Z',
      truncated: true,
    });
    expect(result.events).toHaveLength(MAX_EVENTS);
    expect(result.events[0]).toMatchObject({
      awsAccountId: '111111111111',
      awsRegion: 'eu-west-1',
    });
  });

  it('goes back to the start of the kept history when the PBC never was compliant', async () => {
    const { store, asked } = storeWith([{ day: '2026-03-08', score: 70 }], 1);
    const result = await changesSinceCompliant({
      store,
      entityRef: 'component:default/cart',
      currentScore: 70,
      retentionDays: 30,
      now: () => NOW,
    });
    expect(result.lastCompliantDay).toBeUndefined();
    expect(result.since).toBe('2026-02-08T00:00:00.000Z');
    expect(asked[1].since.toISOString()).toBe('2026-02-08T00:00:00.000Z');
    expect(result.truncated).toBe(false);
  });

  it('reads nothing for a PBC compliant now', async () => {
    const { store, asked } = storeWith([], 3);
    const result = await changesSinceCompliant({
      store,
      entityRef: 'component:default/cart',
      currentScore: 100,
      retentionDays: 30,
      now: () => NOW,
    });
    expect(result).toMatchObject({ compliantNow: true, events: [] });
    expect(asked).toEqual([]);
  });
});
