import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  PbcSpec,
  ProducerFacts,
  ProducerFactsMap,
} from '@pbc-portal/pbc-domain';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  PUBLISHES_ANNOTATION,
  splitAnnotationList,
} from './annotations';

/**
 * Checks of a PBC spec against the catalog. Each returns the problems it found as
 * `<field>: <message>` strings so the action can report them all at once.
 */
export interface CatalogCheckOptions {
  catalog: CatalogService;
  credentials: BackstageCredentials;
}

/** Entities that already use the name: a Component so named, or any entity marked as that PBC. */
export async function findNameConflicts(
  name: string,
  { catalog, credentials }: CatalogCheckOptions,
): Promise<string[]> {
  const { items } = await catalog.getEntities(
    {
      filter: [
        { kind: 'Component', 'metadata.name': name },
        { [`metadata.annotations.${PBC_ANNOTATION}`]: name },
      ],
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials },
  );
  return items.map(entity => stringifyEntityRef(entity));
}

/** Where a producer's topics live, from its annotations; undefined when they do not say. */
function producerFactsOf(
  annotations: Record<string, string>,
): ProducerFacts | undefined {
  const awsAccountId = annotations[AWS_ACCOUNT_ID_ANNOTATION];
  const awsRegion = annotations[AWS_REGION_ANNOTATION];
  if (!/^\d{12}$/.test(awsAccountId ?? '') || !awsRegion) {
    return undefined;
  }
  return {
    awsAccountId,
    awsRegion,
    pciScope: annotations[PCI_SCOPE_ANNOTATION] === 'true',
  };
}

/** PBC name → where its topics live, for the producers a catalog knows the account of. */
export async function loadProducerFacts({
  catalog,
  credentials,
}: CatalogCheckOptions): Promise<Map<string, ProducerFacts>> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${PUBLISHES_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['metadata.name', 'metadata.annotations'],
    },
    { credentials },
  );
  const facts = new Map<string, ProducerFacts>();
  for (const entity of items) {
    const annotations = entity.metadata.annotations ?? {};
    const pbc = annotations[PBC_ANNOTATION] ?? entity.metadata.name;
    const found = producerFactsOf(annotations);
    if (found) {
      facts.set(pbc, found);
    }
  }
  return facts;
}

/**
 * The facts of every producer the spec consumes from. A producer whose entity names no
 * account is left out; the patterns then assume the consumer's account, Region and scope.
 */
export async function producersOf(
  spec: PbcSpec,
  options: CatalogCheckOptions,
): Promise<ProducerFactsMap> {
  if (spec.consumes.length === 0) {
    return {};
  }
  const facts = await loadProducerFacts(options);
  const producers: ProducerFactsMap = {};
  for (const entry of spec.consumes) {
    const producer = entry.split('.')[0];
    const found = facts.get(producer);
    if (found) {
      producers[producer] = found;
    }
  }
  return producers;
}

/** PBC name → the events it publishes, from Components that carry the publishes annotation. */
export async function loadPublishedEvents({
  catalog,
  credentials,
}: CatalogCheckOptions): Promise<Map<string, Set<string>>> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${PUBLISHES_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: ['metadata.name', 'metadata.annotations'],
    },
    { credentials },
  );
  const published = new Map<string, Set<string>>();
  for (const entity of items) {
    const annotations = entity.metadata.annotations ?? {};
    const pbc = annotations[PBC_ANNOTATION] ?? entity.metadata.name;
    const events = published.get(pbc) ?? new Set<string>();
    for (const event of splitAnnotationList(
      annotations[PUBLISHES_ANNOTATION],
    )) {
      events.add(event);
    }
    published.set(pbc, events);
  }
  return published;
}

/** Every problem the catalog shows with the spec; empty when the spec fits the catalog. */
export async function checkSpecAgainstCatalog(
  spec: PbcSpec,
  options: CatalogCheckOptions,
): Promise<string[]> {
  const problems: string[] = [];

  const conflicts = await findNameConflicts(spec.name, options);
  if (conflicts.length > 0) {
    problems.push(
      `name: '${spec.name}' is already taken in the catalog by ${conflicts.join(
        ', ',
      )}`,
    );
  }

  const refs = [spec.owner, spec.system];
  const { items } = await options.catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials: options.credentials },
  );
  (['owner', 'system'] as const).forEach((field, index) => {
    if (!items[index]) {
      problems.push(`${field}: ${refs[index]} is not in the catalog`);
    }
  });

  if (spec.consumes.length > 0) {
    const published = await loadPublishedEvents(options);
    spec.consumes.forEach((consumed, index) => {
      const [pbc, event] = consumed.split('.');
      const events = published.get(pbc);
      if (!events) {
        problems.push(
          `consumes[${index}]: no PBC named '${pbc}' publishes events (known publishers: ${
            [...published.keys()].sort().join(', ') || 'none'
          })`,
        );
      } else if (!events.has(event)) {
        problems.push(
          `consumes[${index}]: PBC '${pbc}' does not publish '${event}' (it publishes: ${
            [...events].sort().join(', ') || 'nothing'
          })`,
        );
      }
    });
  }

  return problems;
}
