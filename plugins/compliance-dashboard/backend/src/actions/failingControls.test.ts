import { PbcDetail } from '@pbc-portal/plugin-compliance-dashboard-common';
import { absoluteUrl, failingControls } from './failingControls';

const control = (controlId: string, status: string) => ({
  controlId,
  title: `Title of ${controlId}`,
  family: 'data',
  severity: 'high',
  level: 'baseline',
  scope: 'all',
  status,
  compliantResourceCount: 0,
  nonCompliantResourceCount: status === 'failing' ? 1 : 0,
  configRules: [],
  remediation: 'Fix it.',
  guidance: { article: '07-databases', anchor: 'rpo-and-rto-by-design' },
  guidanceUrl: '/docs/x/07-databases/#rpo-and-rto-by-design',
});

const detail = {
  summary: {},
  controls: [
    control('PBC-DATA-01', 'failing'),
    control('PBC-DATA-02', 'passing'),
    control('PBC-DATA-03', 'insufficient-data'),
  ],
  nonCompliantResources: [
    { resourceId: 'id-1', resourceName: 'orders', controlIds: ['PBC-DATA-01'] },
    { resourceId: 'id-2', controlIds: ['PBC-DATA-01'] },
    { resourceId: 'id-3', controlIds: ['PBC-DATA-02'] },
  ],
  riskyEvents: [],
  scoreHistory: [],
} as unknown as PbcDetail;

describe('failingControls', () => {
  it('keeps failing controls only, with their resources and section text', () => {
    const views = failingControls(detail, {
      appBaseUrl: 'https://portal.example.com/',
    });
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({
      controlId: 'PBC-DATA-01',
      resources: ['orders', 'id-2'],
      guidance: {
        url: 'https://portal.example.com/docs/x/07-databases/#rpo-and-rto-by-design',
        heading: expect.any(String),
        text: expect.any(String),
      },
    });
  });

  it('leaves the text out when the article has no such section', () => {
    const [view] = failingControls(detail, { section: () => undefined });
    expect(view.guidance).not.toHaveProperty('text');
    expect(view.guidance.url).toBe(
      '/docs/x/07-databases/#rpo-and-rto-by-design',
    );
  });
});

describe('absoluteUrl', () => {
  it('prefixes portal paths only', () => {
    expect(absoluteUrl('/docs/a', 'https://p.example')).toBe(
      'https://p.example/docs/a',
    );
    expect(absoluteUrl('https://docs.example/a', 'https://p.example')).toBe(
      'https://docs.example/a',
    );
    expect(absoluteUrl('/docs/a')).toBe('/docs/a');
  });
});
