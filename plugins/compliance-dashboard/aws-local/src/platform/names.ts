import type { PbcPosture } from './types';

export type DataStore = 'dynamodb' | 'aurora' | 'none';

export interface NamedPbc {
  name: string;
  title: string;
  description: string;
  owner: string;
  system: string;
  pciScope: boolean;
  /** Index into the platform's accounts (taken modulo their number). */
  account: number;
  /** Index into the platform's regions (taken modulo their number). */
  region: number;
  posture: PbcPosture;
  dataStore: DataStore;
  /** Serves shoppers directly (load balancer in front). */
  public: boolean;
}

/**
 * The commerce platform the demo shows, in the order PBCs are created. Larger
 * platforms continue with {@link EXTRA_PBC_NAMES} and then numbered names.
 */
export const NAMED_PBCS: NamedPbc[] = [
  {
    name: 'cart',
    title: 'Cart',
    description: 'Shopping carts: add, remove and price line items.',
    owner: 'checkout-team',
    system: 'checkout',
    pciScope: false,
    account: 0,
    region: 0,
    posture: 'clean',
    dataStore: 'dynamodb',
    public: true,
  },
  {
    name: 'checkout',
    title: 'Checkout',
    description:
      'Turns a cart into an order: address, delivery and payment steps.',
    owner: 'checkout-team',
    system: 'checkout',
    pciScope: false,
    account: 0,
    region: 0,
    posture: 'fair',
    dataStore: 'dynamodb',
    public: true,
  },
  {
    name: 'payment',
    title: 'Payment',
    description:
      'Card authorisation, capture and refunds through the payment service provider.',
    owner: 'payments-team',
    system: 'checkout',
    pciScope: true,
    account: 1,
    region: 0,
    posture: 'fair',
    dataStore: 'aurora',
    public: false,
  },
  {
    name: 'order',
    title: 'Order',
    description: 'The order book: placed, paid, shipped, returned.',
    owner: 'fulfilment-team',
    system: 'fulfilment',
    pciScope: false,
    account: 2,
    region: 0,
    posture: 'clean',
    dataStore: 'aurora',
    public: false,
  },
  {
    name: 'catalog',
    title: 'Catalog',
    description: 'Products, variants and categories.',
    owner: 'catalog-team',
    system: 'storefront',
    pciScope: false,
    account: 0,
    region: 0,
    posture: 'clean',
    dataStore: 'dynamodb',
    public: true,
  },
  {
    name: 'pricing',
    title: 'Pricing',
    description: 'Price lists, currencies and tax-inclusive prices.',
    owner: 'catalog-team',
    system: 'storefront',
    pciScope: false,
    account: 0,
    region: 1,
    posture: 'fair',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'search',
    title: 'Search',
    description: 'Product search and facets over the catalog.',
    owner: 'catalog-team',
    system: 'storefront',
    pciScope: false,
    account: 0,
    region: 1,
    posture: 'poor',
    dataStore: 'none',
    public: true,
  },
  {
    name: 'inventory',
    title: 'Inventory',
    description: 'Stock levels and reservations per warehouse.',
    owner: 'fulfilment-team',
    system: 'fulfilment',
    pciScope: false,
    account: 2,
    region: 0,
    posture: 'fair',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'customer',
    title: 'Customer',
    description: 'Customer accounts, addresses and consents.',
    owner: 'customer-team',
    system: 'customer',
    pciScope: false,
    account: 2,
    region: 0,
    posture: 'fair',
    dataStore: 'aurora',
    public: true,
  },
  {
    name: 'promotions',
    title: 'Promotions',
    description: 'Coupons, campaigns and basket discounts.',
    owner: 'checkout-team',
    system: 'checkout',
    pciScope: false,
    account: 0,
    region: 1,
    posture: 'poor',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'content',
    title: 'Content',
    description: 'Editorial content and media for the storefront.',
    owner: 'catalog-team',
    system: 'storefront',
    pciScope: false,
    account: 0,
    region: 0,
    posture: 'fair',
    dataStore: 'none',
    public: true,
  },
  {
    name: 'shipping',
    title: 'Shipping',
    description: 'Carrier rates, labels and tracking.',
    owner: 'fulfilment-team',
    system: 'fulfilment',
    pciScope: false,
    account: 2,
    region: 1,
    posture: 'poor',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'fraud',
    title: 'Fraud',
    description: 'Risk scoring of orders and payments before capture.',
    owner: 'payments-team',
    system: 'checkout',
    pciScope: true,
    account: 1,
    region: 1,
    posture: 'poor',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'loyalty',
    title: 'Loyalty',
    description: 'Points, tiers and rewards.',
    owner: 'customer-team',
    system: 'customer',
    pciScope: false,
    account: 2,
    region: 1,
    posture: 'clean',
    dataStore: 'dynamodb',
    public: false,
  },
  {
    name: 'notifications',
    title: 'Notifications',
    description: 'E-mail, SMS and push messages to customers.',
    owner: 'platform-team',
    system: 'platform',
    pciScope: false,
    account: 2,
    region: 1,
    posture: 'fair',
    dataStore: 'none',
    public: false,
  },
];

/** Further capability names for platforms larger than the demo. */
export const EXTRA_PBC_NAMES = [
  'reviews',
  'wishlist',
  'returns',
  'recommendations',
  'subscriptions',
  'gift-cards',
  'tax',
  'invoicing',
  'quotes',
  'bundles',
  'media',
  'ratings',
  'store-locator',
  'marketplace',
  'b2b-accounts',
  'vouchers',
  'delivery-slots',
  'warehouse',
  'procurement',
  'identity',
];

export const GROUPS = [
  'platform-team',
  'checkout-team',
  'payments-team',
  'catalog-team',
  'fulfilment-team',
  'customer-team',
];

/** The system each group's PBCs usually belong to. */
export const SYSTEM_OF_GROUP: Record<string, string> = {
  'platform-team': 'platform',
  'checkout-team': 'checkout',
  'payments-team': 'checkout',
  'catalog-team': 'storefront',
  'fulfilment-team': 'fulfilment',
  'customer-team': 'customer',
};

export const ACCOUNT_NAMES = [
  'commerce-workloads',
  'commerce-pci',
  'commerce-operations',
];

/** Account id for the i-th account: 111111111111, 222222222222, ... */
export function accountIdFor(i: number): string {
  if (i < 9) {
    return String(i + 1).repeat(12);
  }
  return `9${String(i).padStart(11, '0')}`;
}

export function titleOf(name: string): string {
  return name
    .split('-')
    .map(part => part.charAt(0).toUpperCase() + part.slice(1))
    .join(' ');
}

/** IAM users that sign in to the console, per account. */
export const CONSOLE_USERS = [
  'ana.architect',
  'pat.payments',
  'sam.sre',
  'legacy.deployer',
];
