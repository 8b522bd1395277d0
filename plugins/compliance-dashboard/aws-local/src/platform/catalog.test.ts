import { catalogEntitiesYaml } from './catalog';
import { demoPlatform, generatePlatform } from './generate';

describe('catalogEntitiesYaml', () => {
  it('writes one Component per PBC with the AWS annotations of the platform', () => {
    const platform = demoPlatform(new Date('2026-11-20T12:00:00Z'));
    const yaml = catalogEntitiesYaml(platform);
    const docs = yaml.split(/^---\n/m).filter(Boolean);
    expect(docs).toHaveLength(platform.pbcs.length);
    platform.pbcs.forEach((pbc, i) => {
      const doc = docs[i];
      expect(doc).toContain(
        'apiVersion: backstage.io/v1alpha1\nkind: Component\n',
      );
      expect(doc).toContain(`  name: ${pbc.name}\n`);
      expect(doc).toContain('  tags:\n    - pbc\n');
      expect(doc).toContain(`    pbc-portal.io/pbc: ${pbc.name}\n`);
      expect(doc).toContain(
        `    pbc-portal.io/aws-account-id: '${pbc.accountId}'\n`,
      );
      expect(doc).toContain(`    pbc-portal.io/aws-region: ${pbc.region}\n`);
      expect(doc).toContain(
        `    pbc-portal.io/conformance-pack: pbc-${pbc.name}\n`,
      );
      expect(doc).toMatch(
        / {4}pbc-portal\.io\/template-version: '\d+\.\d+\.\d+'\n/,
      );
      expect(doc).toContain(`    pbc-portal.io/pci-scope: '${pbc.pciScope}'\n`);
      expect(doc).toContain(
        `spec:\n  type: service\n  lifecycle: production\n  owner: ${pbc.owner}\n  system: ${pbc.system}\n`,
      );
    });
  });

  it('matches the platform it was generated from, at any size', () => {
    const platform = generatePlatform({
      pbcs: 300,
      accounts: 5,
      regions: ['eu-west-1'],
      rules: 10,
      resources: 600,
      events: 0,
    });
    const yaml = catalogEntitiesYaml(platform);
    const names = [...yaml.matchAll(/^ {2}name: (.+)$/gm)].map(m => m[1]);
    expect(names).toEqual(platform.pbcs.map(p => p.name));
    const accounts = [...yaml.matchAll(/aws-account-id: '(\d{12})'/g)].map(
      m => m[1],
    );
    expect(accounts).toEqual(platform.pbcs.map(p => p.accountId));
  });
});

describe('catalogEntitiesYaml, the PBC spec annotations', () => {
  it('says what each demo PBC publishes, stores and exposes', () => {
    const yaml = catalogEntitiesYaml(
      demoPlatform(new Date('2026-11-01T00:00:00Z')),
    );
    const order = yaml
      .split('---\n')
      .find(doc => doc.includes('name: order\n'))!;
    expect(order).toContain(
      'pbc-portal.io/publishes: order-placed,order-cancelled,order-fulfilled',
    );
    expect(order).toContain('pbc-portal.io/data-store: aurora-postgresql');
    expect(order).toContain('pbc-portal.io/exposure: internal');
    const search = yaml
      .split('---\n')
      .find(doc => doc.includes('name: search\n'))!;
    expect(search).not.toContain('pbc-portal.io/publishes');
  });
});
