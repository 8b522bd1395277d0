import {
  ControlResult,
  Exemption,
  PbcDetail,
} from '@pbc-portal/plugin-compliance-dashboard-common';
import { exemptDetail } from './overlay';

const control = (
  controlId: string,
  severity: ControlResult['severity'],
  status: ControlResult['status'],
): ControlResult =>
  ({ controlId, severity, status, family: 'data' } as ControlResult);

// Failing high (5), failing medium (2), passing low (1): score 13.
const detail = {
  summary: {
    entityRef: 'component:default/cart',
    score: 13,
    failingControls: { critical: 0, high: 1, medium: 1, low: 0 },
    failingByFamily: { data: 2 },
    failingControlCount: 2,
  },
  controls: [
    control('PBC-DATA-01', 'high', 'failing'),
    control('PBC-DATA-03', 'medium', 'failing'),
    control('PBC-DATA-02', 'low', 'passing'),
  ],
  nonCompliantResources: [
    { resourceId: 't1', controlIds: ['PBC-DATA-03'] },
    { resourceId: 't2', controlIds: ['PBC-DATA-03'] },
  ],
} as unknown as PbcDetail;

const exemption = (over: Partial<Exemption>): Exemption => ({
  id: 'e1',
  entityRef: 'component:default/cart',
  controlId: 'PBC-DATA-01',
  reason: 'migration',
  requestedBy: 'user:default/alice',
  requestedAt: '2026-12-01T00:00:00.000Z',
  expiresAt: '2027-01-01T00:00:00.000Z',
  state: 'approved',
  ...over,
});

describe('exemptDetail', () => {
  it('leaves an exempt control out of the score, or counts it as passing', () => {
    const left = exemptDetail(detail, [exemption({})], false);
    // medium failing (2) vs low passing (1): 33.
    expect(left.summary).toMatchObject({
      score: 33,
      failingControls: { high: 0, medium: 1 },
      failingByFamily: { data: 1 },
      failingControlCount: 1,
      exemptControlCount: 1,
    });
    expect(left.controls[0].exemption).toMatchObject({ exemptionId: 'e1' });
    // high counted as passing: (5 + 1) / 8 = 75.
    expect(exemptDetail(detail, [exemption({})], true).summary.score).toBe(75);
  });

  it('marks named resources only, and ignores other PBCs', () => {
    const named = exemptDetail(
      detail,
      [exemption({ controlId: 'PBC-DATA-03', resourceIds: ['t2'] })],
      false,
    );
    expect(named.summary.score).toBe(13);
    expect(named.nonCompliantResources.map(r => r.exemptionId)).toEqual([
      undefined,
      'e1',
    ]);
    expect(
      exemptDetail(
        detail,
        [exemption({ entityRef: 'component:default/search' })],
        false,
      ),
    ).toBe(detail);
  });
});
