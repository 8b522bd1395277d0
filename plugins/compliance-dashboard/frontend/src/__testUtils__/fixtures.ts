// Realistic DTOs for tests, typed with the real contract of the common package.
// Test-only: never exported from the package's entry point.
import {
  CONTROL_FAMILIES,
  Control,
  ControlFamily,
  SEVERITIES,
  controlsForPbc,
  guidanceUrl,
} from '@pbc-portal/pbc-domain';
import {
  ControlResult,
  ControlStatus,
  HealthResponse,
  PbcDetail,
  PbcSummary,
  RefreshStatus,
  RiskyEvent,
  ScorePoint,
  SnapshotInfo,
  TeamDetail,
  computeScore,
  emptySeverityCounts,
} from '@pbc-portal/plugin-compliance-dashboard-common';

export const NOW = '2025-06-01T12:00:00.000Z';

export const SNAPSHOT: SnapshotInfo = {
  id: 42,
  refreshId: 'r-42',
  createdAt: '2025-06-01T11:30:00.000Z',
  partial: false,
};

export const PAYMENTS_ACCOUNT = '222233334444';
export const CHECKOUT_ACCOUNT = '111122223333';

function trend(scores: Array<number | null>): ScorePoint[] {
  // Daily points ending on the day of the snapshot.
  const last = Date.parse('2025-06-01T00:00:00Z');
  return scores.map((score, i) => ({
    day: new Date(last - (scores.length - 1 - i) * 86_400_000)
      .toISOString()
      .slice(0, 10),
    score,
  }));
}

const PAYMENT_CANDIDATES = controlsForPbc({ pciScope: true, level: 'pbc' });

/**
 * Statuses of the payment PBC: failing controls across families, two of them
 * critical, and one without data.
 */
const PAYMENT_STATUSES: Record<string, ControlStatus> = {
  ...Object.fromEntries(
    PAYMENT_CANDIDATES.filter(c => c.severity === 'critical')
      .slice(0, 2)
      .map(c => [c.id, 'failing' as ControlStatus]),
  ),
  'PBC-IAM-01': 'failing',
  'PBC-NET-01': 'failing',
  'PBC-NET-02': 'failing',
  'PBC-DATA-01': 'failing',
  'PBC-MSG-01': 'insufficient-data',
};

const COMPLIANT_COUNTS: Record<ControlStatus, number> = {
  passing: 3,
  failing: 1,
  'insufficient-data': 0,
  'not-applicable': 0,
};

function controlResult(control: Control, status: ControlStatus): ControlResult {
  const failing = status === 'failing';
  const rule = control.detection.configRule?.identifier;
  return {
    controlId: control.id,
    title: control.title,
    family: control.family,
    severity: control.severity,
    level: control.level,
    scope: control.scope,
    status,
    compliantResourceCount: COMPLIANT_COUNTS[status],
    nonCompliantResourceCount: failing ? 1 : 0,
    configRules: rule ? [`pbc-payment-${rule.toLowerCase()}`] : [],
    remediation: control.remediation,
    guidance: control.guidance,
    guidanceUrl: guidanceUrl(control),
  };
}

export const paymentControls: ControlResult[] = PAYMENT_CANDIDATES.map(c =>
  controlResult(c, PAYMENT_STATUSES[c.id] ?? 'passing'),
).sort(
  (a, b) =>
    Number(b.status === 'failing') - Number(a.status === 'failing') ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
);

function countsOf(controls: ControlResult[]) {
  const failing = emptySeverityCounts();
  for (const c of controls) if (c.status === 'failing') failing[c.severity]++;
  return failing;
}

function familiesOf(
  controls: ControlResult[],
  extra: Partial<Record<ControlFamily, number>> = {},
): Record<ControlFamily, number> {
  const counts = Object.fromEntries(
    CONTROL_FAMILIES.map(family => [family, extra[family] ?? 0]),
  ) as Record<ControlFamily, number>;
  for (const c of controls) if (c.status === 'failing') counts[c.family]++;
  return counts;
}

export function pbcSummary(
  overrides: Partial<PbcSummary> & { name: string },
): PbcSummary {
  const { name } = overrides;
  return {
    entityRef: `component:default/${name}`,
    kind: 'Component',
    namespace: 'default',
    title: name.charAt(0).toUpperCase() + name.slice(1),
    pbc: name,
    owner: 'group:default/checkout-team',
    system: 'system:default/checkout',
    awsAccountId: CHECKOUT_ACCOUNT,
    awsRegion: 'eu-west-1',
    conformancePack: `pbc-${name}`,
    conformancePackDeployed: true,
    pciScope: false,
    score: 100,
    failingControls: emptySeverityCounts(),
    failingByFamily: familiesOf([]),
    passingControlCount: 40,
    failingControlCount: 0,
    insufficientDataControlCount: 2,
    riskyEvents: 0,
    riskyEventDays: 7,
    trend: trend([100, 100, 100, 100, 100, 100, 100]),
    lastRefreshAt: SNAPSHOT.createdAt,
    dataAsOf: SNAPSHOT.createdAt,
    staleness: { stale: false },
    ...overrides,
  };
}

export const paymentSummary: PbcSummary = pbcSummary({
  name: 'payment',
  owner: 'group:default/payments-team',
  awsAccountId: PAYMENTS_ACCOUNT,
  pciScope: true,
  score: computeScore(paymentControls),
  failingControls: countsOf(paymentControls),
  failingByFamily: familiesOf(paymentControls),
  passingControlCount: paymentControls.filter(c => c.status === 'passing')
    .length,
  failingControlCount: paymentControls.filter(c => c.status === 'failing')
    .length,
  insufficientDataControlCount: 1,
  riskyEvents: 2,
  trend: trend([92, 90, 88, 85, 80, 78, computeScore(paymentControls)]),
});

export const cartSummary = pbcSummary({ name: 'cart' });

export const checkoutSummary = pbcSummary({
  name: 'checkout',
  score: 83,
  failingControls: { critical: 0, high: 1, medium: 1, low: 0 },
  failingByFamily: familiesOf([], { messaging: 1, data: 1 }),
  failingControlCount: 2,
  riskyEvents: 1,
  trend: trend([85, 85, 84, 83, 83, 83, 83]),
  staleness: {
    stale: true,
    reason:
      'AccessDenied: not authorized to perform config:DescribeConformancePackCompliance',
    accountId: CHECKOUT_ACCOUNT,
    region: 'eu-west-1',
  },
  dataAsOf: '2025-05-31T11:30:00.000Z',
});

export const ALL_PBCS: PbcSummary[] = [
  paymentSummary,
  checkoutSummary,
  cartSummary,
];

/** An event whose fields carry markup, as anyone able to call AWS can arrange. */
export const hostileEvent: RiskyEvent = {
  eventId: 'evt-2',
  eventTime: '2025-05-31T08:15:00.000Z',
  eventName: 'PutBucketPolicy',
  eventSource: 's3.amazonaws.com',
  awsAccountId: PAYMENTS_ACCOUNT,
  awsRegion: 'eu-west-1',
  principal: '<img src=x onerror="window.__pwned=true">',
  sourceIpAddress: '<b>198.51.100.7</b>',
  severity: 'high',
  reasons: [
    {
      controlId: 'PBC-DATA-01',
      severity: 'high',
      predicate: 'bucket-made-public',
      why: 'A bucket policy granting <script>alert(1)</script> to everyone.',
    },
  ],
  resources: ['arn:aws:s3:::payment-receipts'],
  pbcs: [paymentSummary.entityRef],
};

export const paymentDetail: PbcDetail = {
  summary: paymentSummary,
  controls: paymentControls,
  nonCompliantResources: [
    {
      resourceId: 'sg-0a1b2c3d4e5f',
      resourceType: 'AWS::EC2::SecurityGroup',
      resourceName: 'payment-api-sg',
      awsAccountId: PAYMENTS_ACCOUNT,
      awsRegion: 'eu-west-1',
      configRuleName: 'pbc-payment-restricted-ssh',
      controlIds: ['PBC-NET-01'],
      annotation: 'Ingress from 0.0.0.0/0 on port 22.',
      evaluatedAt: '2025-06-01T11:20:00.000Z',
      consoleUrl:
        'https://eu-west-1.console.aws.amazon.com/config/home?region=eu-west-1#/resources/details?resourceId=sg-0a1b2c3d4e5f&resourceType=AWS::EC2::SecurityGroup',
    },
    {
      resourceId: 'payment-receipts',
      resourceType: 'AWS::S3::Bucket',
      awsAccountId: PAYMENTS_ACCOUNT,
      awsRegion: 'eu-west-1',
      configRuleName: 'pbc-payment-s3-bucket-public-read-prohibited',
      controlIds: ['PBC-DATA-01'],
      evaluatedAt: '2025-06-01T11:20:00.000Z',
      // A link the console must not follow: not http(s).
      consoleUrl: ['javascript', 'alert(1)'].join(':'),
    },
  ],
  riskyEvents: [
    {
      eventId: 'evt-1',
      eventTime: '2025-05-31T14:02:00.000Z',
      eventName: 'AuthorizeSecurityGroupIngress',
      eventSource: 'ec2.amazonaws.com',
      awsAccountId: PAYMENTS_ACCOUNT,
      awsRegion: 'eu-west-1',
      principal:
        'arn:aws:sts::222233334444:assumed-role/pbc-payment-role/deploy',
      sourceIpAddress: '203.0.113.10',
      severity: 'critical',
      reasons: [
        {
          controlId: 'PBC-NET-01',
          severity: 'critical',
          predicate: 'ingress-open-to-world',
          why: 'Security group ingress open to the internet.',
        },
      ],
      resources: ['sg-0a1b2c3d4e5f'],
      pbcs: [paymentSummary.entityRef],
    },
    hostileEvent,
  ],
  scoreHistory: trend([92, 90, 88, 85, 80, 78, paymentSummary.score]),
};

export const paymentsTeam: TeamDetail = {
  summary: {
    teamRef: 'group:default/payments-team',
    pbcCount: 1,
    score: paymentSummary.score,
    failingControls: paymentSummary.failingControls,
    riskyEvents: 2,
    riskyEventDays: 7,
    stalePbcCount: 0,
  },
  pbcs: [paymentSummary],
  snapshot: SNAPSHOT,
};

export const checkoutTeam: TeamDetail = {
  summary: {
    teamRef: 'group:default/checkout-team',
    pbcCount: 2,
    score: 92,
    failingControls: { critical: 0, high: 1, medium: 1, low: 0 },
    riskyEvents: 1,
    riskyEventDays: 7,
    stalePbcCount: 1,
  },
  pbcs: [checkoutSummary, cartSummary],
  snapshot: SNAPSHOT,
};

export const okHealth: HealthResponse = {
  status: 'ok',
  snapshot: SNAPSHOT,
  staleAccounts: [],
};

export function refreshStatus(
  state: RefreshStatus['state'],
  accounts: RefreshStatus['accounts'],
): RefreshStatus {
  return {
    id: 'r-43',
    trigger: 'manual',
    state,
    requestedAt: NOW,
    startedAt: NOW,
    ...(state === 'succeeded' || state === 'partial' || state === 'failed'
      ? { finishedAt: '2025-06-01T12:01:00.000Z', snapshotId: 43, pbcCount: 3 }
      : {}),
    accounts,
  };
}
