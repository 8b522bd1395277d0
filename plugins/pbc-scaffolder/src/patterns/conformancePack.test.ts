import {
  CONTROLS,
  ConfigRuleRef,
  configRulesOf,
  controlsForPbc,
} from '@pbc-portal/pbc-domain';
import { parse } from 'yaml';
import { runCfnLint } from '../validation';
import { spec } from '../__testUtils__/specs';
import { buildConformancePack } from './conformancePack';

// cfn-lint and CDK synthesis are CPU-bound; on a shared two-core machine they can take long.
jest.setTimeout(120_000);

const payment = spec('payment with PCI scope (Aurora, public)');
const cart = spec('DynamoDB, public');

/** Catalog rules the per-PBC pack should carry, derived from the catalog, not the builder. */
function expectedIdentifiers(pciScope: boolean): Set<string> {
  const rules: ConfigRuleRef[] = controlsForPbc({
    pciScope,
    level: 'pbc',
  }).flatMap(configRulesOf);
  return new Set(
    rules
      .filter(
        r =>
          !r.tagScope &&
          !(
            r.identifier === 'REQUIRED_TAGS' &&
            r.inputParameters?.tag1Key === 'pbc'
          ),
      )
      .map(r => r.identifier),
  );
}

describe('buildConformancePack', () => {
  it.each([
    ['PCI', payment],
    ['not PCI', cart],
  ])(
    'carries every scopable managed rule of the controls that apply (%s)',
    (_label, s) => {
      const pack = buildConformancePack(s);
      expect(new Set(pack.rules.map(r => r.identifier))).toEqual(
        expectedIdentifiers(s.pciScope),
      );
      const template = parse(pack.templateYaml);
      expect(template).toEqual(pack.template);
      expect(Object.keys(template.Resources)).toHaveLength(pack.rules.length);
    },
  );

  it('includes the PCI-only rules only for PCI-scoped PBCs', () => {
    const pci = buildConformancePack(payment).rules.map(r => r.identifier);
    const other = buildConformancePack(cart).rules.map(r => r.identifier);
    const pciOnly = CONTROLS.filter(c => c.scope === 'pci' && c.level === 'pbc')
      .flatMap(configRulesOf)
      .map(r => r.identifier);
    expect(pciOnly.length).toBeGreaterThan(0);
    expect(pci).toEqual(expect.arrayContaining(pciOnly));
    for (const identifier of pciOnly) {
      expect(other).not.toContain(identifier);
    }
  });

  it('leaves account-level controls to the platform pack', () => {
    const identifiers = buildConformancePack(payment).rules.map(
      r => r.identifier,
    );
    expect(identifiers).not.toContain('ROOT_ACCOUNT_MFA_ENABLED');
    expect(identifiers).not.toContain('MULTI_REGION_CLOUD_TRAIL_ENABLED');
  });

  it('scopes every rule to pbc=<name> and names it pbc-<name>-<identifier>', () => {
    const pack = buildConformancePack(payment);
    expect(pack.name).toBe('pbc-payment');
    for (const [logicalId, resource] of Object.entries(
      pack.template.Resources,
    )) {
      const rule = resource as {
        Type: string;
        Properties: Record<string, any>;
      };
      expect(logicalId).toMatch(/^[A-Za-z0-9]+$/);
      expect(rule.Type).toBe('AWS::Config::ConfigRule');
      expect(rule.Properties.Scope).toEqual({
        TagKey: 'pbc',
        TagValue: 'payment',
      });
      expect(rule.Properties.Source.Owner).toBe('AWS');
      const identifier: string = rule.Properties.Source.SourceIdentifier;
      expect(rule.Properties.ConfigRuleName).toBe(
        `pbc-payment-${identifier.toLowerCase().replace(/_/g, '-')}`,
      );
      expect(rule.Properties.ConfigRuleName.length).toBeLessThanOrEqual(128);
      expect(rule.Properties.Description.length).toBeLessThanOrEqual(256);
    }
    const names = pack.rules.map(r => r.configRuleName);
    expect(new Set(names).size).toBe(names.length);
  });

  it('keeps rule names within 128 characters for the longest PBC names', () => {
    const pack = buildConformancePack({ ...payment, name: 'a'.repeat(40) });
    for (const rule of pack.rules) {
      expect(rule.configRuleName.length).toBeLessThanOrEqual(128);
    }
  });

  it('names the controls a rule detects and fills the catalog parameters', () => {
    const pack = buildConformancePack(payment);
    const rds = pack.rules.find(r => r.identifier === 'RDS_STORAGE_ENCRYPTED');
    expect(rds?.controlIds).toEqual(['PBC-DATA-04']);
    const ports = pack.rules.find(
      r => r.identifier === 'VPC_SG_OPEN_ONLY_TO_AUTHORIZED_PORTS',
    );
    expect(ports?.inputParameters).toEqual({ authorizedTcpPorts: '443' });
    const drift = pack.rules.find(
      r => r.identifier === 'CLOUDFORMATION_STACK_DRIFT_DETECTION_CHECK',
    );
    expect(drift?.inputParameters).toEqual({
      cloudformationRoleArn:
        'arn:aws:iam::123456789012:role/platform-config-drift-detection',
    });
    expect(pack.templateYaml).not.toContain('${');
  });

  it('says in the template which catalog rules the platform pack keeps, and why', () => {
    const pack = buildConformancePack(cart);
    expect(pack.leftToPlatform.map(r => r.identifier).sort()).toEqual([
      'REQUIRED_TAGS',
      'S3_BUCKET_DEFAULT_LOCK_ENABLED',
    ]);
    expect(pack.templateYaml).toContain(
      '# Left to the platform pack: REQUIRED_TAGS (PBC-GOV-02)',
    );
  });

  it.each([
    ['PCI', payment],
    ['not PCI', cart],
  ])('passes cfn-lint with no error (%s)', async (_label, s) => {
    const findings = await runCfnLint(buildConformancePack(s).templateYaml, {
      regions: [s.awsRegion],
    });
    expect(findings.filter(f => f.level === 'error')).toEqual([]);
  });
});
