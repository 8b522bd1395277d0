/**
 * The PBC spec: what a developer chose in the `pbc` template, as the scaffolder's actions, the
 * reference patterns and the generated repository (`pbc.yaml`) all see it. The template's
 * parameter ids are a public contract and map one to one onto these fields.
 *
 * The rules below (formats, limits, choices, one description per field) are the one statement
 * of the spec: the scaffolder's parser enforces them and its action inputs describe them.
 */

export const DATA_STORES = ['none', 'dynamodb', 'aurora-postgresql'] as const;
export type DataStore = (typeof DATA_STORES)[number];

export const EXPOSURES = ['public', 'internal'] as const;
export type Exposure = (typeof EXPOSURES)[number];

export interface PbcSpec {
  /** Lowercase kebab-case, 3–40 characters; also the value of the `pbc` tag on every resource. */
  name: string;
  description: string;
  /** Catalog entity ref of the owning group, e.g. `group:default/payments-team`. */
  owner: string;
  /** Catalog entity ref of the system, e.g. `system:default/checkout`. */
  system: string;
  dataStore: DataStore;
  /** Kebab-case event names this PBC publishes, e.g. `order-placed`. */
  publishes: string[];
  /** Events of other PBCs it consumes, as `<pbc>.<event>`, e.g. `order.order-placed`. */
  consumes: string[];
  /** True for PBCs that touch cardholder data: isolated subnets, FIFO messaging, PCI DSS checks. */
  pciScope: boolean;
  exposure: Exposure;
  /** 12 digits. */
  awsAccountId: string;
  /** e.g. `eu-west-1`. */
  awsRegion: string;
}

/**
 * What a consumer must know about the PBC that publishes an event it consumes, from that
 * producer's catalog entity: where its topics live and whether they are FIFO (PCI scope).
 */
export interface ProducerFacts {
  awsAccountId: string;
  awsRegion: string;
  pciScope: boolean;
}

/** Producer name → its facts, for every producer a spec consumes from. */
export type ProducerFactsMap = Record<string, ProducerFacts>;

/** Lowercase kebab-case: a letter first, then letters, digits and single hyphens. */
export const KEBAB_CASE = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const NAME_MIN_LENGTH = 3;
export const NAME_MAX_LENGTH = 40;
export const EVENT_MIN_LENGTH = 3;
export const EVENT_MAX_LENGTH = 64;
export const DESCRIPTION_MAX_LENGTH = 500;
/**
 * The most published and consumed events a PBC can have: with the shortest names, one more
 * makes its stack larger than CloudFormation's 51,200-byte TemplateBody (a test in the
 * scaffolder's patterns holds these equal to what fits). Longer names fit fewer; the render
 * refuses a spec whose stack does not fit, naming the size.
 */
export const MAX_PUBLISHES = 10;
export const MAX_CONSUMES = 6;

/** One line per field, for action inputs and documentation. */
export const PBC_SPEC_FIELD_DESCRIPTIONS: Readonly<
  Record<keyof PbcSpec, string>
> = {
  name: `PBC name: lowercase kebab-case, ${NAME_MIN_LENGTH} to ${NAME_MAX_LENGTH} characters, not yet used in the catalog`,
  description: `What the PBC does, at most ${DESCRIPTION_MAX_LENGTH} characters`,
  owner: 'Entity ref of the owning group, e.g. group:default/payments-team',
  system: 'Entity ref of the system, e.g. system:default/checkout',
  dataStore: 'The data store the PBC owns',
  publishes:
    'Kebab-case names of the events the PBC publishes, e.g. order-placed',
  consumes:
    'Events of other PBCs it consumes, as <pbc>.<event>; each must be published by a PBC in the catalog',
  pciScope: 'True when the PBC touches cardholder data (default false)',
  exposure: 'public when it takes traffic from the internet',
  awsAccountId: 'The 12-digit AWS account the PBC deploys to',
  awsRegion: 'An AWS commercial Region code, e.g. eu-west-1',
};
