import { Entity } from '@backstage/catalog-model';
import { Article, findArticle } from '@pbc-portal/architecture-docs-tooling';
import {
  ArticleSlug,
  CONSUMES_ANNOTATION,
  DATA_STORE_ANNOTATION,
  EXPOSURE_ANNOTATION,
  isPbcEntity,
  PBC_ANNOTATION,
  PCI_SCOPE_ANNOTATION,
  PUBLISHES_ANNOTATION,
} from '@pbc-portal/pbc-domain';

/** The parts of a PBC's spec that decide which articles matter to it. @public */
export interface PbcProfile {
  name: string;
  pciScope: boolean;
  dataStore?: 'dynamodb' | 'aurora-postgresql';
  publishes: string[];
  consumes: string[];
  publicExposure: boolean;
}

/** An article recommended to a PBC team, with why it matters to them. @public */
export interface RelatedGuidance {
  article: Article;
  /** One line, specific to the PBC. */
  reason: string;
}

const DATA_STORES = ['dynamodb', 'aurora-postgresql'] as const;

// Annotations are strings; lists are comma-separated, but a YAML-ish `[a, b]` is tolerated.
function parseList(value: string | undefined): string[] {
  if (!value) {
    return [];
  }
  return value
    .split(/[\s,]+/)
    .map(item => item.replace(/^["'[]+|["'\]]+$/g, ''))
    .filter(item => item.length > 0);
}

/**
 * Reads the PBC spec from an entity's annotations, or `undefined` when the entity is not a
 * PBC. Unknown values are ignored rather than guessed at.
 *
 * @public
 */
export function readPbcProfile(entity: Entity): PbcProfile | undefined {
  if (!isPbcEntity(entity)) {
    return undefined;
  }
  const annotations = entity.metadata.annotations ?? {};
  const dataStore = annotations[DATA_STORE_ANNOTATION]?.trim().toLowerCase();
  return {
    name: annotations[PBC_ANNOTATION].trim(),
    pciScope:
      annotations[PCI_SCOPE_ANNOTATION]?.trim().toLowerCase() === 'true',
    dataStore: DATA_STORES.find(store => store === dataStore),
    publishes: parseList(annotations[PUBLISHES_ANNOTATION]),
    consumes: parseList(annotations[CONSUMES_ANNOTATION]),
    publicExposure:
      annotations[EXPOSURE_ANNOTATION]?.trim().toLowerCase() === 'public',
  };
}

function listed(items: string[], max = 3): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

function eventsPhrase(profile: PbcProfile): string {
  const parts: string[] = [];
  if (profile.publishes.length > 0) {
    parts.push(`publishes ${listed(profile.publishes)}`);
  }
  if (profile.consumes.length > 0) {
    parts.push(`consumes ${listed(profile.consumes)}`);
  }
  return parts.join(' and ');
}

/**
 * The articles of the series that matter to a PBC, in reading order, each with a one-line
 * reason:
 *
 * - PCI scope: VPC design (4), security architecture (12), compliance (13);
 * - a DynamoDB or Aurora PostgreSQL data store: databases (7);
 * - events published or consumed: messaging (8);
 * - public exposure: elasticity (5);
 * - always: IAM (6) and the architecture principles (14).
 *
 * @public
 */
export function selectRelatedGuidance(profile: PbcProfile): RelatedGuidance[] {
  const { name } = profile;
  const picks: Array<{ slug: ArticleSlug; reason: string }> = [];

  if (profile.pciScope) {
    picks.push(
      {
        slug: '04-vpc-design',
        reason: `${name} is in PCI scope: it runs only in the isolated payment subnets and reaches AWS through VPC endpoints.`,
      },
      {
        slug: '12-security-architecture',
        reason: `Card data in ${name} calls for the payment subnet NACLs, IMDSv2 without SSH, and CloudTrail ready for incident response.`,
      },
      {
        slug: '13-compliance',
        reason: `${name} is part of the PCI DSS scope the platform must evidence; tokenisation is how that scope stays small.`,
      },
    );
  }
  if (profile.dataStore === 'dynamodb') {
    picks.push({
      slug: '07-databases',
      reason: `${name} keeps its data in DynamoDB: customer-managed encryption, point-in-time recovery and a recovery point it owns.`,
    });
  } else if (profile.dataStore === 'aurora-postgresql') {
    picks.push({
      slug: '07-databases',
      reason: `${name} keeps its data in Aurora PostgreSQL: Multi-AZ, deletion protection, backups and a private subnet.`,
    });
  }
  if (profile.publishes.length > 0 || profile.consumes.length > 0) {
    const fifo = profile.pciScope ? ', and FIFO queues for payment' : '';
    picks.push({
      slug: '08-messaging',
      reason: `${name} ${eventsPhrase(
        profile,
      )}: dead-letter queues, KMS encryption and idempotent consumers apply${fifo}.`,
    });
  }
  if (profile.publicExposure) {
    picks.push({
      slug: '05-elasticity',
      reason: `${name} takes public traffic: ALB path routing, health checks that mean healthy and scaling on business metrics decide how it holds a peak.`,
    });
  }
  picks.push(
    {
      slug: '06-iam',
      reason: `Like every PBC, ${name} gets one narrowly scoped role with a permissions boundary and no credentials in code or config.`,
    },
    {
      slug: '14-architecture-principles',
      reason: `The principles ${name} is reviewed against: stateless compute, loose coupling and data it alone owns.`,
    },
  );

  // Several rules may pick the same article; keep one entry and join their reasons.
  const bySlug = new Map<ArticleSlug, RelatedGuidance>();
  for (const { slug, reason } of picks) {
    const existing = bySlug.get(slug);
    if (existing) {
      existing.reason = `${existing.reason} ${reason}`;
      continue;
    }
    const article = findArticle(slug);
    if (article) {
      bySlug.set(slug, { article, reason });
    }
  }
  return [...bySlug.values()].sort(
    (a, b) => a.article.number - b.article.number,
  );
}

/** {@link selectRelatedGuidance} for an entity; empty when the entity is not a PBC. @public */
export function relatedGuidanceForEntity(entity: Entity): RelatedGuidance[] {
  const profile = readPbcProfile(entity);
  return profile ? selectRelatedGuidance(profile) : [];
}
