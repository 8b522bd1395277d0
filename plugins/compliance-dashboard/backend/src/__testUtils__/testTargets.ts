import { Entity } from '@backstage/catalog-model';
import { PbcTarget, toPbcTarget } from '../domain/pbcs';

/** Config under which every pbcEntity is the authoritative claim on its tag. */
export const TEST_IDENTITY_CONFIG = {
  pbcPortal: {
    identity: { repositories: ['url:https://github.com/acme/{pbc}'] },
  },
};

/** A PBC entity as the catalog would return it (test helper). */
export function pbcEntity(
  name: string,
  options: {
    accountId?: string;
    region?: string;
    owner?: string;
    system?: string;
    pci?: boolean;
    kind?: string;
  } = {},
): Entity {
  const owner = options.owner ?? `team-${name}`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: name[0].toUpperCase() + name.slice(1),
      annotations: {
        'pbc-portal.io/pbc': name,
        'pbc-portal.io/aws-account-id': options.accountId ?? '111111111111',
        'pbc-portal.io/aws-region': options.region ?? 'eu-west-1',
        ...(options.pci ? { 'pbc-portal.io/pci-scope': 'true' } : {}),
        // Its own repository, which TEST_IDENTITY_CONFIG lets speak for its tag.
        'backstage.io/managed-by-origin-location': `url:https://github.com/acme/${name}/blob/main/catalog-info.yaml`,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner,
      system: options.system ?? 'commerce',
    },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

export function pbcTarget(
  name: string,
  options?: Parameters<typeof pbcEntity>[1],
): PbcTarget {
  const result = toPbcTarget(pbcEntity(name, options));
  if (!result.ok) throw new Error(result.reason);
  return result.target;
}
