import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { ProducerFacts, ProducerFactsMap } from '@pbc-portal/pbc-domain';
import {
  AWS_ACCOUNT_ID_ANNOTATION,
  AWS_REGION_ANNOTATION,
  CONSUMES_ANNOTATION,
  EXPOSURE_ANNOTATION,
  isPbcEntity,
  parseConsumedEvent,
  queueNames,
  topicName,
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  PUBLISHES_ANNOTATION,
  splitAnnotationList,
  type PbcSpec,
} from '@pbc-portal/pbc-domain';
import { listenerRulePriority } from './listenerPriority';

/**
 * Checks of a PBC spec against the catalog. Each returns the problems it found as
 * `<field>: <message>` strings so the action can report them all at once.
 */
export interface CatalogCheckOptions {
  catalog: CatalogService;
  credentials: BackstageCredentials;
}

/**
 * Entities that already use the name: a Component so named, or a PBC (`isPbcEntity`) of that name
 * under another Component name. Other kinds that carry the PBC annotation belong to a PBC and do
 * not take its name.
 */
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
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  return items
    .filter(
      entity =>
        (entity.kind.toLocaleLowerCase('en-US') === 'component' &&
          entity.metadata.name === name) ||
        (isPbcEntity(entity) &&
          entity.metadata.annotations?.[PBC_ANNOTATION]?.trim() === name),
    )
    .map(entity => stringifyEntityRef(entity));
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

/**
 * Public PBCs of the same account and Region (they share one ALB listener) whose rule priority
 * equals the new PBC's: the listener would refuse the second rule, so the name is refused now.
 */
export async function findListenerPriorityConflicts(
  spec: PbcSpec,
  { catalog, credentials }: CatalogCheckOptions,
): Promise<string[]> {
  if (spec.exposure !== 'public') {
    return [];
  }
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Component',
        [`metadata.annotations.${EXPOSURE_ANNOTATION}`]: 'public',
        [`metadata.annotations.${AWS_ACCOUNT_ID_ANNOTATION}`]:
          spec.awsAccountId,
        [`metadata.annotations.${AWS_REGION_ANNOTATION}`]: spec.awsRegion,
      },
      fields: ['metadata.name', 'metadata.annotations'],
    },
    { credentials },
  );
  const priority = listenerRulePriority(spec.name);
  return items
    .map(
      entity =>
        entity.metadata.annotations?.[PBC_ANNOTATION] ?? entity.metadata.name,
    )
    .filter(
      other => other !== spec.name && listenerRulePriority(other) === priority,
    );
}

/** A PBC's SNS topic and SQS queue names, without the FIFO suffix (a name differing only by it still confuses). */
function messagingNames(
  pbc: string,
  publishes: string[],
  consumes: string[],
): { topics: string[]; queues: string[] } {
  return {
    topics: publishes.map(event => topicName(pbc, event, false)),
    queues: consumes
      .filter(value => value.includes('.'))
      .map(value => {
        const { producer, event } = parseConsumedEvent(value);
        return queueNames(pbc, producer, event, false).queue;
      }),
  };
}

/**
 * Topic and queue names of the new PBC that another PBC already uses: the naming contract's `_`
 * separator already keeps `payment-payment` + `authorized` apart from `payment` +
 * `payment-authorized`; this refuses any equal name the contract may still produce
 * (a shortened, hashed queue name, or a future change of the contract).
 */
export async function findMessagingNameConflicts(
  spec: Pick<PbcSpec, 'name' | 'publishes' | 'consumes'>,
  { catalog, credentials }: CatalogCheckOptions,
): Promise<string[]> {
  const mine = messagingNames(spec.name, spec.publishes, spec.consumes);
  if (mine.topics.length === 0 && mine.queues.length === 0) return [];
  const { items } = await catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${PBC_ANNOTATION}`]: CATALOG_FILTER_EXISTS,
      },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const owners = {
    topics: new Map<string, string>(),
    queues: new Map<string, string>(),
  };
  for (const entity of items) {
    const annotations = entity.metadata.annotations ?? {};
    const pbc = annotations[PBC_ANNOTATION]?.trim();
    if (!pbc || pbc === spec.name) continue;
    const theirs = messagingNames(
      pbc,
      splitAnnotationList(annotations[PUBLISHES_ANNOTATION]),
      splitAnnotationList(annotations[CONSUMES_ANNOTATION]),
    );
    const ref = stringifyEntityRef(entity);
    theirs.topics.forEach(name => owners.topics.set(name, ref));
    theirs.queues.forEach(name => owners.queues.set(name, ref));
  }
  const problems: string[] = [];
  spec.publishes.forEach((_event, index) => {
    const owner = owners.topics.get(mine.topics[index]);
    if (owner) {
      problems.push(
        `publishes[${index}]: topic ${mine.topics[index]} is already the topic of ${owner}; rename the event or the PBC`,
      );
    }
  });
  let queueIndex = 0;
  spec.consumes.forEach((value, index) => {
    if (!value.includes('.')) return;
    const name = mine.queues[queueIndex++];
    const owner = owners.queues.get(name);
    if (owner) {
      problems.push(
        `consumes[${index}]: queue ${name} is already a queue of ${owner}; rename the PBC`,
      );
    }
  });
  return problems;
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

  for (const other of await findListenerPriorityConflicts(spec, options)) {
    problems.push(
      `name: '${
        spec.name
      }' would take the shared load balancer rule priority ${listenerRulePriority(
        spec.name,
      )} of public PBC '${other}' in ${spec.awsAccountId}/${
        spec.awsRegion
      }; choose another name`,
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

  problems.push(...(await findMessagingNameConflicts(spec, options)));

  return problems;
}
