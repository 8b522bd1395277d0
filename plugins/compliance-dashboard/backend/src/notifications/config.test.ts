import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_DIGEST_SCHEDULE,
  DEFAULT_SCORE_DROP_THRESHOLD,
  readNotificationsConfig,
} from './config';

const read = (notifications?: object) =>
  readNotificationsConfig(
    new ConfigReader({ complianceDashboard: { notifications } }),
  );

describe('readNotificationsConfig', () => {
  it('is on, with a 10-point threshold and the digest off, by default', () => {
    expect(read()).toEqual({
      enabled: true,
      scoreDropThreshold: DEFAULT_SCORE_DROP_THRESHOLD,
      digest: { enabled: false, schedule: DEFAULT_DIGEST_SCHEDULE },
    });
    expect(DEFAULT_SCORE_DROP_THRESHOLD).toBe(10);
  });

  it('reads the threshold and the digest schedule', () => {
    expect(
      read({
        scoreDropThreshold: 5,
        digest: {
          enabled: true,
          schedule: { frequency: { cron: '0 7 * * 5' }, timeout: 'PT5M' },
        },
      }),
    ).toMatchObject({
      scoreDropThreshold: 5,
      digest: {
        enabled: true,
        schedule: { frequency: { cron: '0 7 * * 5' } },
      },
    });
  });

  it.each([0, -3, 100])('refuses a threshold of %p', threshold => {
    expect(() => read({ scoreDropThreshold: threshold })).toThrow(
      /scoreDropThreshold/,
    );
  });
});
