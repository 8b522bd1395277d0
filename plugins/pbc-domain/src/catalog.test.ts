import {
  UnknownControlError,
  controlsByFamily,
  controlsForConfigRule,
  controlsForPbc,
  findControl,
  getControl,
  guidanceUrl,
  matchRiskSignals,
} from './catalog';
import { CONTROLS } from './controls';
import { CONTROL_FAMILIES } from './types';

describe('getControl / findControl', () => {
  it('returns a known control', () => {
    expect(getControl('PBC-MSG-01').title).toMatch(/dead-letter queue/);
    expect(findControl('PBC-MSG-01')).toBe(getControl('PBC-MSG-01'));
  });

  it('throws UnknownControlError for an unknown id', () => {
    expect(() => getControl('PBC-MSG-99')).toThrow(UnknownControlError);
    expect(() => getControl('PBC-MSG-99')).toThrow(/PBC-MSG-99/);
    let error: unknown;
    try {
      getControl('nope');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(Error);
    expect((error as UnknownControlError).name).toBe('UnknownControlError');
    expect((error as UnknownControlError).controlId).toBe('nope');
  });

  it('findControl returns undefined for an unknown id', () => {
    expect(findControl('PBC-XYZ-01')).toBeUndefined();
  });
});

describe('controlsByFamily', () => {
  it('has every family and partitions the catalog', () => {
    const groups = controlsByFamily();
    expect(Object.keys(groups).sort()).toEqual([...CONTROL_FAMILIES].sort());
    const total = Object.values(groups).reduce((n, list) => n + list.length, 0);
    expect(total).toBe(CONTROLS.length);
    for (const [family, list] of Object.entries(groups)) {
      expect(list.every(c => c.family === family)).toBe(true);
    }
  });
});

describe('controlsForConfigRule', () => {
  it('finds a control by its primary rule', () => {
    expect(
      controlsForConfigRule('DYNAMODB_PITR_ENABLED').map(c => c.id),
    ).toEqual(['PBC-DATA-01']);
    expect(
      controlsForConfigRule('INCOMING_SSH_DISABLED').map(c => c.id),
    ).toEqual(['PBC-NET-01']);
  });

  it('finds a control by a related rule', () => {
    expect(
      controlsForConfigRule('RDS_MULTI_AZ_SUPPORT').map(c => c.id),
    ).toEqual(['PBC-DATA-03']);
  });

  it('returns nothing for an unknown or differently cased identifier', () => {
    expect(controlsForConfigRule('NOT_A_RULE')).toEqual([]);
    expect(controlsForConfigRule('dynamodb_pitr_enabled')).toEqual([]);
  });
});

describe('matchRiskSignals', () => {
  it('matches by event source and name and leaves predicates to the caller', () => {
    const found = matchRiskSignals({
      eventSource: 'ec2.amazonaws.com',
      eventName: 'AuthorizeSecurityGroupIngress',
    });
    const byControl = new Map(found.map(m => [m.control.id, m.signal.when]));
    expect(byControl.get('PBC-NET-01')).toBe('ssh-or-rdp-port');
    expect(byControl.get('PBC-NET-03')).toBe('ingress-open-to-world');
    expect(byControl.has('PBC-NET-04')).toBe(true);
    expect(
      found.every(
        m =>
          m.signal.eventSource === '*' ||
          m.signal.eventNames.includes('AuthorizeSecurityGroupIngress'),
      ),
    ).toBe(true);
  });

  it('matches signals without a predicate', () => {
    const found = matchRiskSignals({
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
    });
    const obs = found.find(m => m.control.id === 'PBC-OBS-01');
    expect(obs).toBeDefined();
    expect(obs!.signal.when).toBeUndefined();
  });

  it('applies wildcard signals to any event', () => {
    const found = matchRiskSignals({
      eventSource: 's3.amazonaws.com',
      eventName: 'ListBuckets',
    });
    expect(found.map(m => m.control.id).sort()).toEqual([
      'PBC-GOV-06',
      'PBC-IAM-09',
    ]);
  });

  it('does not match the same name from another source', () => {
    const found = matchRiskSignals({
      eventSource: 'sns.amazonaws.com',
      eventName: 'SetQueueAttributes',
    });
    expect(found.every(m => m.signal.eventSource === '*')).toBe(true);
  });
});

describe('controlsForPbc', () => {
  it('leaves out pci-only controls for a PBC outside PCI scope', () => {
    const controls = controlsForPbc({ pciScope: false });
    expect(controls.some(c => c.scope === 'pci')).toBe(false);
    expect(controls.map(c => c.id)).not.toContain('PBC-NET-06');
    expect(controls.length).toBe(
      CONTROLS.filter(c => c.scope === 'all').length,
    );
  });

  it('includes every control for a PBC in PCI scope', () => {
    const controls = controlsForPbc({ pciScope: true });
    expect(controls.length).toBe(CONTROLS.length);
    expect(controls.map(c => c.id)).toContain('PBC-MSG-07');
  });

  it('narrows by level for the per-PBC conformance pack', () => {
    const controls = controlsForPbc({ pciScope: true, level: 'pbc' });
    expect(controls.length).toBeGreaterThan(0);
    expect(controls.every(c => c.level === 'pbc')).toBe(true);
    expect(controls.map(c => c.id)).not.toContain('PBC-IAM-09');
  });
});

describe('guidanceUrl', () => {
  it('links to the article section under the default TechDocs path', () => {
    expect(guidanceUrl(getControl('PBC-MSG-01'))).toBe(
      '/docs/default/component/architecture-docs/08-messaging/#dead-letter-queues-as-revenue-alerts',
    );
  });

  it('accepts another base URL, with or without a trailing slash', () => {
    const control = getControl('PBC-NET-06');
    expect(guidanceUrl(control, 'https://portal.example.com/docs/x/')).toBe(
      'https://portal.example.com/docs/x/04-vpc-design/#the-payment-subnet',
    );
    expect(guidanceUrl(control, 'https://portal.example.com/docs/x')).toBe(
      'https://portal.example.com/docs/x/04-vpc-design/#the-payment-subnet',
    );
  });
});
