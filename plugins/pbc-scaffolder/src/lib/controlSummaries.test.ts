import { controlsForPbc } from '@pbc-portal/pbc-domain';
import { controlSummariesFor, resourceTypesOf } from './controlSummaries';

describe('controlSummariesFor', () => {
  it('lists every per-PBC control, marking those about resources of the stack', () => {
    const types = resourceTypesOf({
      Resources: {
        Queue: { Type: 'AWS::SQS::Queue' },
        Table: { Type: 'AWS::DynamoDB::Table' },
        Broken: {},
      },
    });
    expect([...types].sort()).toEqual([
      'AWS::DynamoDB::Table',
      'AWS::SQS::Queue',
    ]);

    const summaries = controlSummariesFor({ pciScope: false }, types);
    expect(summaries.map(s => s.id)).toEqual(
      controlsForPbc({ pciScope: false, level: 'pbc' }).map(c => c.id),
    );
    const byId = new Map(summaries.map(s => [s.id, s]));
    expect(byId.get('PBC-MSG-01')).toMatchObject({
      inStack: true,
      family: 'messaging',
    });
    expect(byId.get('PBC-DATA-01')?.inStack).toBe(true);
    expect(byId.get('PBC-DATA-03')?.inStack).toBe(false);
    expect(byId.get('PBC-MSG-01')?.guidanceUrl).toBe(
      '/docs/default/component/architecture-docs/08-messaging/#dead-letter-queues-as-revenue-alerts',
    );
  });

  it('adds the PCI controls for a PCI-scoped PBC', () => {
    const plain = controlSummariesFor({ pciScope: false }).map(s => s.id);
    const pci = controlSummariesFor({ pciScope: true }).map(s => s.id);
    expect(pci.length).toBeGreaterThan(plain.length);
    expect(pci).toEqual(expect.arrayContaining(plain));
  });

  it('marks nothing as in the stack without resource types', () => {
    expect(controlSummariesFor({ pciScope: true }).some(s => s.inStack)).toBe(
      false,
    );
  });
});
