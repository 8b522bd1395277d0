import { mockCredentials } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { validParameters } from '../__testUtils__/fixtures';
import { findListenerPriorityConflicts } from './catalogChecks';
import {
  FIRST_PBC_PRIORITY,
  LAST_PBC_PRIORITY,
  listenerRulePriority,
} from './listenerPriority';

/** Two different names with the same priority, found the way a collision would happen. */
function collidingNames(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const name = `pbc-${i}`;
    const other = seen.get(listenerRulePriority(name));
    if (other) {
      return [other, name];
    }
    seen.set(listenerRulePriority(name), name);
  }
}

function publicPbc(name: string, account: string, region: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': name,
        'pbc-portal.io/exposure': 'public',
        'pbc-portal.io/aws-account-id': account,
        'pbc-portal.io/aws-region': region,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team' },
  };
}

describe('listenerRulePriority', () => {
  it('is the same for a name on every call, and within the PBC range', () => {
    expect(listenerRulePriority('giftcard')).toBe(
      listenerRulePriority('giftcard'),
    );
    for (const name of ['giftcard', 'order', 'a'.repeat(40)]) {
      const priority = listenerRulePriority(name);
      expect(priority).toBeGreaterThanOrEqual(FIRST_PBC_PRIORITY);
      expect(priority).toBeLessThanOrEqual(LAST_PBC_PRIORITY);
    }
    expect(listenerRulePriority('giftcard')).not.toBe(
      listenerRulePriority('order'),
    );
  });
});

describe('findListenerPriorityConflicts', () => {
  const [taken, newcomer] = collidingNames();
  const spec = validParameters({ name: newcomer, exposure: 'public' });
  const check = (entities: Entity[], overrides = {}) =>
    findListenerPriorityConflicts(
      { ...spec, ...overrides },
      {
        catalog: catalogServiceMock({ entities }),
        credentials: mockCredentials.service(),
      },
    );

  it('names a public PBC of the same account and Region with the same priority', async () => {
    expect(
      await check([publicPbc(taken, spec.awsAccountId, spec.awsRegion)]),
    ).toEqual([taken]);
  });

  it('ignores other accounts and Regions, other priorities, and internal PBCs', async () => {
    expect(
      await check([publicPbc(taken, '999999999999', spec.awsRegion)]),
    ).toEqual([]);
    expect(
      await check([publicPbc(taken, spec.awsAccountId, 'us-west-2')]),
    ).toEqual([]);
    expect(
      await check([publicPbc('order', spec.awsAccountId, spec.awsRegion)]),
    ).toEqual([]);
    expect(
      await check([publicPbc(taken, spec.awsAccountId, spec.awsRegion)], {
        exposure: 'internal',
      }),
    ).toEqual([]);
  });
});
