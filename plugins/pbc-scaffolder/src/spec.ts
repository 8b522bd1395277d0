/**
 * The PBC spec: what a developer chose in the `pbc` template, as the scaffolder actions, the
 * reference patterns and the generated repository (`pbc.yaml`) all see it. The template's
 * parameter ids are a public contract and map one to one onto these fields.
 */
export type DataStore = 'none' | 'dynamodb' | 'aurora-postgresql';

export type Exposure = 'public' | 'internal';

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
