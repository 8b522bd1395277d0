import { ArticleSlug, CONTROLS, Control } from '@pbc-portal/pbc-domain';

/** @public */
export type ArticlePart =
  | 'Foundation'
  | 'Compute and Networking'
  | 'Identity and Data'
  | 'Messaging and Traffic Management'
  | 'Services and Governance';

/**
 * A heading the article must carry, so that control anchors resolve.
 *
 * @public
 */
export interface ArticleSection {
  heading: string;
  /** `slugifyHeading(heading)`. */
  anchor: string;
}

/** @public */
export interface Article {
  slug: ArticleSlug;
  number: number;
  title: string;
  part: ArticlePart;
  summary: string;
  topics: string[];
  /** Headings that controls link to; the article may have more. */
  sections: ArticleSection[];
}

/** The five parts of the series, in reading order. @public */
export const PARTS: readonly ArticlePart[] = [
  'Foundation',
  'Compute and Networking',
  'Identity and Data',
  'Messaging and Traffic Management',
  'Services and Governance',
];

/**
 * The 14 articles of the architecture series, in order. `sections` lists the
 * headings that controls link to, so article writers know which headings
 * must exist and tests can check that every control anchor resolves.
 *
 * @public
 */
export const ARTICLES: readonly Article[] = [
  {
    slug: '01-global-infrastructure',
    number: 1,
    title: 'AWS Global Infrastructure for Composable Commerce',
    part: 'Foundation',
    summary:
      'Treats Region, Availability Zone and edge location choices as architecture decisions that shape latency, resilience and data residency for every PBC, and shows how hybrid connectivity lets a monolith be replaced piece by piece.',
    topics: [
      'Regions',
      'Availability Zones',
      'Edge Locations',
      'Direct Connect',
      'hybrid architecture',
      'the six advantages of cloud reframed for MACH',
    ],
    sections: [
      {
        heading: 'Availability Zones as the unit of failure',
        anchor: 'availability-zones-as-the-unit-of-failure',
      },
    ],
  },
  {
    slug: '02-s3-glacier',
    number: 2,
    title: 'S3 and Glacier: The Content Backbone of Composable Commerce',
    part: 'Foundation',
    summary:
      'Positions S3 as the shared asset layer that PBCs exchange content through, with pre-signed URLs for headless storefronts, lifecycle rules for commerce data and Glacier with locks for records that must not change.',
    topics: [
      'object storage vs block and file storage',
      'storage classes',
      'SSE-KMS',
      'pre-signed URLs',
      'Cross-Region Replication',
      'Glacier vault locks for compliance',
      'the S3 plus DynamoDB index pattern',
    ],
    sections: [
      { heading: 'Blocking public access', anchor: 'blocking-public-access' },
      { heading: 'Encryption with SSE-KMS', anchor: 'encryption-with-sse-kms' },
      {
        heading: 'TLS-only bucket policies',
        anchor: 'tls-only-bucket-policies',
      },
      {
        heading: 'Versioning and lifecycle',
        anchor: 'versioning-and-lifecycle',
      },
      {
        heading: 'Glacier and Object Lock for compliance records',
        anchor: 'glacier-and-object-lock-for-compliance-records',
      },
    ],
  },
  {
    slug: '03-ec2-ebs',
    number: 3,
    title: 'EC2 and EBS: Sizing the Compute Layer for Your PBCs',
    part: 'Compute and Networking',
    summary:
      'Matches instance families and pricing models to the load profile of each PBC, treats golden AMIs as a contract between platform and teams, and argues that PBC compute must stay stateless.',
    topics: [
      'instance families',
      'AMI strategy',
      'On-Demand vs Reserved vs Spot',
      'EBS volume types',
      'instance store vs EBS',
      'the stateless PBC imperative',
    ],
    sections: [
      {
        heading: 'Golden AMIs as deployment contracts',
        anchor: 'golden-amis-as-deployment-contracts',
      },
      {
        heading: 'Encrypting EBS by default',
        anchor: 'encrypting-ebs-by-default',
      },
    ],
  },
  {
    slug: '04-vpc-design',
    number: 4,
    title: 'VPC Design for Composable Commerce: Isolation Without Friction',
    part: 'Compute and Networking',
    summary:
      'Lays out the reference subnet topology, explains why security groups and NACLs are both needed, keeps PBC-to-AWS traffic on VPC endpoints and isolates the payment PBC in subnets of its own.',
    topics: [
      'subnet design',
      'NACLs vs security groups',
      'VPC endpoints',
      'VPC peering',
      'Transit Gateway',
      'payment subnet PCI isolation',
    ],
    sections: [
      {
        heading: 'Security groups as the first line',
        anchor: 'security-groups-as-the-first-line',
      },
      {
        heading: 'Closing the default security group',
        anchor: 'closing-the-default-security-group',
      },
      {
        heading: 'Private subnets for every PBC',
        anchor: 'private-subnets-for-every-pbc',
      },
      { heading: 'The payment subnet', anchor: 'the-payment-subnet' },
      {
        heading: 'VPC endpoints keep traffic private',
        anchor: 'vpc-endpoints-keep-traffic-private',
      },
      {
        heading: 'Seeing traffic with VPC flow logs',
        anchor: 'seeing-traffic-with-vpc-flow-logs',
      },
      {
        heading: 'Transit Gateway for multi-team platforms',
        anchor: 'transit-gateway-for-multi-team-platforms',
      },
    ],
  },
  {
    slug: '05-elasticity',
    number: 5,
    title: 'ELB, CloudWatch and Auto Scaling: The Elasticity Engine',
    part: 'Compute and Networking',
    summary:
      'Uses ALB path routing to dispatch to PBCs, scales on business metrics rather than CPU alone, picks a scaling strategy per workload type and drains connections so PBCs deploy without downtime.',
    topics: [
      'ALB path-based routing',
      'custom business metrics',
      'target tracking vs step scaling',
      'scheduled scaling',
      'connection draining',
    ],
    sections: [
      {
        heading: 'Access logs on every load balancer',
        anchor: 'access-logs-on-every-load-balancer',
      },
      { heading: 'Hardening ALB listeners', anchor: 'hardening-alb-listeners' },
      {
        heading: 'Health checks that mean healthy',
        anchor: 'health-checks-that-mean-healthy',
      },
      {
        heading: 'Business metrics and alarms',
        anchor: 'business-metrics-and-alarms',
      },
      {
        heading: 'Keeping logs long enough',
        anchor: 'keeping-logs-long-enough',
      },
    ],
  },
  {
    slug: '06-iam',
    number: 6,
    title: 'IAM for Composable Commerce: Zero Trust Between Your Own Services',
    part: 'Identity and Data',
    summary:
      'Gives every PBC one narrowly scoped role, keeps credentials out of code and configuration, authorises cross-PBC calls explicitly and requires MFA for people, so that a compromised service cannot reach beyond its own blast radius.',
    topics: [
      'per-PBC IAM roles',
      'EC2 instance roles',
      'Secrets Manager',
      'cross-account access',
      'MFA policies',
      'CloudTrail audit',
      'blast radius containment',
    ],
    sections: [
      { heading: 'One role per PBC', anchor: 'one-role-per-pbc' },
      { heading: 'Permissions boundaries', anchor: 'permissions-boundaries' },
      {
        heading: 'No credentials in code or config',
        anchor: 'no-credentials-in-code-or-config',
      },
      { heading: 'MFA for every human', anchor: 'mfa-for-every-human' },
      {
        heading: 'Locking away the root user',
        anchor: 'locking-away-the-root-user',
      },
      { heading: 'Instance roles for EC2', anchor: 'instance-roles-for-ec2' },
      { heading: 'Cross-PBC authorisation', anchor: 'cross-pbc-authorisation' },
    ],
  },
  {
    slug: '07-databases',
    number: 7,
    title: 'Databases: RDS, DynamoDB and Redshift in Composable Commerce',
    part: 'Identity and Data',
    summary:
      'Chooses a store per PBC (Aurora for orders, DynamoDB for cart and session, Redshift for cross-PBC analytics), separates Multi-AZ from read replicas and designs RPO and RTO around each PBC owning its data.',
    topics: [
      'Aurora for the Order PBC',
      'DynamoDB for Cart and Session',
      'Redshift for analytics',
      'Multi-AZ vs read replicas',
      'RPO and RTO design',
      'the data ownership contract',
    ],
    sections: [
      {
        heading: 'Multi-AZ versus read replicas',
        anchor: 'multi-az-versus-read-replicas',
      },
      {
        heading: 'Encryption at rest for every store',
        anchor: 'encryption-at-rest-for-every-store',
      },
      {
        heading: 'Protecting the Order database from deletion',
        anchor: 'protecting-the-order-database-from-deletion',
      },
      {
        heading: 'Keeping databases private',
        anchor: 'keeping-databases-private',
      },
      { heading: 'RPO and RTO by design', anchor: 'rpo-and-rto-by-design' },
    ],
  },
  {
    slug: '08-messaging',
    number: 8,
    title: 'SQS and SNS: The Event-Driven Backbone',
    part: 'Messaging and Traffic Management',
    summary:
      'Builds the order-placed fan-out on SNS and SQS so new PBCs subscribe without touching the publisher, treats the visibility timeout as a reliability contract and dead-letter queues as revenue alerts.',
    topics: [
      'fan-out pattern',
      'FIFO queues for payment',
      'dead-letter queue design',
      'long polling',
      'SNS subscription model',
      'idempotent consumers',
    ],
    sections: [
      {
        heading: 'Dead-letter queues as revenue alerts',
        anchor: 'dead-letter-queues-as-revenue-alerts',
      },
      {
        heading: 'Encrypting messages with KMS',
        anchor: 'encrypting-messages-with-kms',
      },
      {
        heading: 'TLS-only queues and topics',
        anchor: 'tls-only-queues-and-topics',
      },
      { heading: 'FIFO queues for payment', anchor: 'fifo-queues-for-payment' },
      {
        heading: 'Visibility timeout as the reliability contract',
        anchor: 'visibility-timeout-as-the-reliability-contract',
      },
    ],
  },
  {
    slug: '09-route-53',
    number: 9,
    title:
      'Route 53: Global Traffic Director for Multi-Region Composable Platforms',
    part: 'Messaging and Traffic Management',
    summary:
      'Maps the routing policies to commerce needs (latency for speed, weighted for releases, failover for disaster recovery, geolocation for GDPR) and designs health checks that prove a PBC can take orders, not just that a port answers.',
    topics: [
      'alias vs CNAME records',
      'latency routing',
      'weighted routing for deployments',
      'failover routing for DR',
      'geolocation routing for GDPR',
      'business-readiness health checks',
    ],
    sections: [
      {
        heading: 'Health checks that test business readiness',
        anchor: 'health-checks-that-test-business-readiness',
      },
    ],
  },
  {
    slug: '10-elasticache',
    number: 10,
    title: 'ElastiCache: Making 15 API Calls Feel Like One',
    part: 'Messaging and Traffic Management',
    summary:
      'Applies cache-aside per PBC with versioned keys, treats TTL as a business decision, uses Redis structures and atomic operations for sessions, inventory and flash sales, and plans for failover and cold starts.',
    topics: [
      'cache-aside pattern',
      'Redis sorted sets',
      'atomic counters for inventory',
      'rate limiting',
      'Multi-AZ failover',
      'cold start mitigation',
    ],
    sections: [
      {
        heading: 'Encryption in transit and at rest',
        anchor: 'encryption-in-transit-and-at-rest',
      },
      { heading: 'Multi-AZ failover', anchor: 'multi-az-failover' },
    ],
  },
  {
    slug: '11-infrastructure-glue',
    number: 11,
    title: 'CloudFront, Kinesis and CloudFormation: The Infrastructure Glue',
    part: 'Services and Governance',
    summary:
      'Configures CloudFront behaviours per storefront path, streams behavioural signals to the personalisation PBC with Kinesis and makes CloudFormation the deployment contract between the platform and PBC teams.',
    topics: [
      'CloudFront path-based caching',
      'origin access for S3',
      'Kinesis Data Streams vs Firehose',
      'CloudFormation modules',
      'Config rules',
    ],
    sections: [
      {
        heading: 'Origin access control for S3',
        anchor: 'origin-access-control-for-s3',
      },
      {
        heading: 'TLS from viewer to origin',
        anchor: 'tls-from-viewer-to-origin',
      },
      { heading: 'Logging at the edge', anchor: 'logging-at-the-edge' },
      {
        heading: 'Encrypting Kinesis streams',
        anchor: 'encrypting-kinesis-streams',
      },
      {
        heading: 'CloudFormation as the deployment contract',
        anchor: 'cloudformation-as-the-deployment-contract',
      },
      {
        heading: 'Tagging every resource with its PBC',
        anchor: 'tagging-every-resource-with-its-pbc',
      },
    ],
  },
  {
    slug: '12-security-architecture',
    number: 12,
    title: 'Security Architecture: Protecting 15 Services at Once',
    part: 'Services and Governance',
    summary:
      'Layers WAF, Shield, network isolation and instance hardening so one weak PBC does not expose the platform, isolates the payment PBC for PCI and keeps CloudTrail ready for incident response.',
    topics: [
      'defence in depth',
      'WAF managed and custom rules',
      'Shield Standard and Advanced',
      'payment subnet NACL design',
      'IMDSv2 and eliminating SSH',
      'CloudTrail query patterns',
    ],
    sections: [
      {
        heading: 'WAF in front of every storefront',
        anchor: 'waf-in-front-of-every-storefront',
      },
      {
        heading: 'Payment subnet NACL design',
        anchor: 'payment-subnet-nacl-design',
      },
      { heading: 'Enforcing IMDSv2', anchor: 'enforcing-imdsv2' },
      { heading: 'Eliminating SSH', anchor: 'eliminating-ssh' },
      {
        heading: 'CloudTrail as incident response infrastructure',
        anchor: 'cloudtrail-as-incident-response-infrastructure',
      },
      {
        heading: 'Threat detection with GuardDuty and Security Hub',
        anchor: 'threat-detection-with-guardduty-and-security-hub',
      },
      {
        heading: 'Key management and rotation',
        anchor: 'key-management-and-rotation',
      },
    ],
  },
  {
    slug: '13-compliance',
    number: 13,
    title: 'Compliance: What AWS Certifications Cover and What You Still Own',
    part: 'Services and Governance',
    summary:
      'Splits responsibility into what AWS, the platform team and each PBC team own, uses AWS Artifact for auditor evidence and AWS Config for continuous compliance, and handles GDPR erasure and PCI scope across many services.',
    topics: [
      'shared responsibility model',
      'AWS Artifact',
      'Config auto-remediation',
      'GDPR data residency',
      'GDPR right to erasure',
      'PCI scope reduction via tokenisation',
    ],
    sections: [
      {
        heading: 'Continuous compliance with AWS Config',
        anchor: 'continuous-compliance-with-aws-config',
      },
      { heading: 'GDPR data residency', anchor: 'gdpr-data-residency' },
      {
        heading: 'Right to erasure across PBCs',
        anchor: 'right-to-erasure-across-pbcs',
      },
      {
        heading: 'Reducing PCI scope with tokenisation',
        anchor: 'reducing-pci-scope-with-tokenisation',
      },
    ],
  },
  {
    slug: '14-architecture-principles',
    number: 14,
    title:
      'Ten Architecture Principles for Composable Commerce That Actually Scales',
    part: 'Services and Governance',
    summary:
      'Draws the series together into principles: design for failures not yet imagined, keep PBCs stateless, build security into the infrastructure, give each PBC the right store and run the migration as an architecture rather than a project.',
    topics: [
      'fault tolerance',
      'loose coupling',
      'polyglot persistence',
      'Well-Architected Framework',
      'PBC granularity',
      'strangler fig migration',
    ],
    sections: [
      {
        heading: 'Stateless PBCs as an absolute constraint',
        anchor: 'stateless-pbcs-as-an-absolute-constraint',
      },
    ],
  },
];

/** @public */
export function findArticle(slug: string): Article | undefined {
  return ARTICLES.find(a => a.slug === slug);
}

/** Controls whose guidance is in the given article. @public */
export function controlsForArticle(slug: ArticleSlug): Control[] {
  return CONTROLS.filter(c => c.guidance.article === slug);
}
