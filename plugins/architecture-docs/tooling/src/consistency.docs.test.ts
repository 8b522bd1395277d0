// Checks the articles' examples against the naming contract the scaffolder renders from
// (@pbc-portal/pbc-domain, naming.ts) and against each other: export names, ports,
// the VPC address plan, role names, the permissions boundary and listener priorities. An
// example that disagrees with the generated code is a bug in the article (issue 13).
import fs from 'node:fs';
import path from 'node:path';
import {
  DATABASE_PORT,
  PAYMENT_ENDPOINT_SERVICES,
  PLATFORM_EXPORTS,
  PLATFORM_NAMES,
  SERVICE_PORT,
  iamPath,
  policyName,
  queueNames,
  roleName,
  stackName,
  topicName,
} from '@pbc-portal/pbc-domain';

const repoRoot = path.resolve(__dirname, '../../../..');
const docsDir = path.join(repoRoot, 'plugins/architecture-docs/docs');
const patternsDir = path.join(repoRoot, 'plugins/pbc-scaffolder/src/patterns');

// The naming contract the platform stack, the scaffolder and the dashboard share.
const names = {
  PLATFORM_EXPORTS,
  PERMISSIONS_BOUNDARY_POLICY_NAME: PLATFORM_NAMES.permissionsBoundaryPolicy,
  SERVICE_PORT,
  DATABASE_PORT,
  stackName,
  roleName,
  policyName,
  iamPath,
  topicName,
  queueNames,
};

const articleFiles = fs
  .readdirSync(docsDir)
  .filter(f => /^\d\d-.*\.md$/.test(f))
  .sort();
const read = (file: string) =>
  fs.readFileSync(path.join(docsDir, file), 'utf8');
const articles = articleFiles.map(file => ({ file, text: read(file) }));

/** Fenced code blocks of a markdown text. */
function codeBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```[^\n]*\n([\s\S]*?)^```/gm)].map(m => m[1]);
}

function articleText(prefix: string): string {
  const article = articles.find(a => a.file.startsWith(prefix));
  if (!article) throw new Error(`No article ${prefix}`);
  return article.text;
}

// ---- IPv4 CIDR arithmetic -------------------------------------------------------------

interface Cidr {
  text: string;
  start: number;
  end: number;
}

function cidr(text: string): Cidr {
  const [address, bits] = text.split('/');
  const start =
    address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0) >>>
    0;
  const size = 2 ** (32 - Number(bits));
  if (start % size !== 0) throw new Error(`${text} is not aligned`);
  return { text, start, end: start + size - 1 };
}
const within = (inner: Cidr, outer: Cidr) =>
  inner.start >= outer.start && inner.end <= outer.end;
const overlaps = (a: Cidr, b: Cidr) => a.start <= b.end && b.start <= a.end;
const cidrsIn = (text: string) =>
  [...text.matchAll(/`(\d+\.\d+\.\d+\.\d+\/\d+)`/g)].map(m => cidr(m[1]));

// ---- Export names ---------------------------------------------------------------------

describe('CloudFormation export names in the articles', () => {
  const contract = new Set<string>(Object.values(names.PLATFORM_EXPORTS));
  const used = articles.flatMap(({ file, text }) =>
    [
      ...text.matchAll(
        /(?:!ImportValue\s+|Fn\.importValue\(\s*'|exportName:\s*')([A-Za-z0-9:-]+)/g,
      ),
    ].map(m => [file, m[1]] as const),
  );

  it('finds imports and exports in the articles that use them (at least 01, 03, 07)', () => {
    expect([...new Set(used.map(([file]) => file.slice(0, 2)))]).toEqual(
      expect.arrayContaining(['01', '03', '07']),
    );
  });

  it('are all names of the platform exports PBC stacks import (PLATFORM_EXPORTS)', () => {
    expect(used.filter(([, name]) => !contract.has(name))).toEqual([]);
  });
});

// ---- Ports ----------------------------------------------------------------------------

describe('ports in the articles', () => {
  // Every other port an example may use, with its reason.
  const otherPorts = new Map([
    [443, 'HTTPS'],
    [80, 'the HTTP listener that only redirects'],
    [6379, 'the Redis/Valkey default of the cache cluster (article 10)'],
  ]);
  const ports = articles.flatMap(({ file, text }) =>
    codeBlocks(text).flatMap(block =>
      [
        ...block.matchAll(
          /\b(?:FromPort|ToPort|Port|port|containerPort):\s*'?(\d+)|Port\.tcp\((\d+)\)/g,
        ),
      ].map(m => [file, Number(m[1] ?? m[2])] as const),
    ),
  );

  it('finds the service and database ports in the examples', () => {
    const found = new Set(ports.map(([, port]) => port));
    expect(found).toContain(names.SERVICE_PORT);
    expect(found).toContain(names.DATABASE_PORT);
  });

  it('are the service port, the database port or a port with a stated reason', () => {
    const allowed = new Set([
      names.SERVICE_PORT,
      names.DATABASE_PORT,
      ...otherPorts.keys(),
    ]);
    expect(ports.filter(([, port]) => !allowed.has(port))).toEqual([]);
  });
});

// ---- Address plan ---------------------------------------------------------------------

describe('the VPC address plan (04) and the payment NACL (12)', () => {
  // The platform pattern's plan, loaded by path: this package does not depend on the
  // scaffolder (params.ts needs no CDK).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const params = require(path.join(patternsDir, 'platform/params.ts')) as {
    DEFAULT_VPC_CIDR: string;
    cidrPlan(vpc: string): Record<
      'edge' | 'endpoints' | 'pbc' | 'data' | 'payment',
      string[]
    > & {
      vpc: string;
      paymentSummary: string;
      endpointsSummary: string;
    };
  };
  const code = params.cidrPlan(params.DEFAULT_VPC_CIDR);
  const vpc = articleText('04');
  // The plan table: | Tier | AZ 1 | AZ 2 | AZ 3 | Summary |
  const rows = vpc
    .split('\n')
    .filter(l => /^\| (Edge|Endpoints|PBC|Data|Payment) \| `/.test(l))
    .map(l => l.split('|').map(c => c.trim().replace(/`/g, '')));
  const plan = new Map(rows.map(c => [c[1].toLowerCase(), c.slice(2, 5)]));

  it('is the plan the platform stack deploys (cidrPlan of the default range)', () => {
    expect(Object.fromEntries(plan)).toEqual({
      edge: code.edge,
      endpoints: code.endpoints,
      pbc: code.pbc,
      data: code.data,
      payment: code.payment,
    });
    expect(rows.find(c => c[1] === 'Payment')![5]).toBe(code.paymentSummary);
    expect(rows.find(c => c[1] === 'Endpoints')![5]).toBe(
      code.endpointsSummary,
    );
    expect(vpc).toContain(params.DEFAULT_VPC_CIDR);
  });

  it('summarises exactly the payment subnets in the payment summary', () => {
    const summary = cidr(code.paymentSummary);
    for (const subnet of code.payment) {
      expect([subnet, within(cidr(subnet), summary)]).toEqual([subnet, true]);
    }
    for (const subnet of [
      ...code.edge,
      ...code.endpoints,
      ...code.pbc,
      ...code.data,
    ]) {
      expect([subnet, overlaps(cidr(subnet), summary)]).toEqual([
        subnet,
        false,
      ]);
    }
  });

  it('summarises exactly the endpoint subnets in the endpoint summary', () => {
    const summary = cidr(code.endpointsSummary);
    for (const subnet of code.endpoints) {
      expect([subnet, within(cidr(subnet), summary)]).toEqual([subnet, true]);
    }
    for (const subnet of [
      ...code.edge,
      ...code.pbc,
      ...code.data,
      ...code.payment,
    ]) {
      expect([subnet, overlaps(cidr(subnet), summary)]).toEqual([
        subnet,
        false,
      ]);
    }
  });

  it('gives the payment subnet example a CIDR of the plan', () => {
    const example = vpc.match(
      /PaymentSubnetA:[\s\S]*?CidrBlock: ([\d./]+)/,
    )![1];
    expect(code.payment).toContain(example);
  });

  const nacl = articleText('12')
    .split('## Payment subnet NACL design')[1]
    .split('\n## ')[0];
  const naclRows = nacl.split('\n').filter(l => /^\| \d/.test(l));

  it("uses only the plan's ranges in the NACL table", () => {
    const allowed = new Set([
      ...code.edge,
      code.paymentSummary,
      code.endpointsSummary,
      code.vpc,
      '0.0.0.0/0',
    ]);
    const used = naclRows.flatMap(r => cidrsIn(r).map(c => c.text));
    expect(used.length).toBeGreaterThan(5);
    expect(used.filter(c => !allowed.has(c))).toEqual([]);
  });

  it('names the service port for the load balancer rows and the database port for the database rows', () => {
    const lb = naclRows.filter(r => /ALB calls/.test(r));
    const db = naclRows.filter(r => /database/.test(r));
    expect(lb.length).toBeGreaterThan(0);
    expect(db.length).toBeGreaterThan(0);
    for (const row of lb) expect(row).toContain(`TCP ${names.SERVICE_PORT}`);
    for (const row of db) expect(row).toContain(`TCP ${names.DATABASE_PORT}`);
  });
});

// ---- IAM: role names and the permissions boundary -------------------------------------

describe('IAM examples (06, 12)', () => {
  const iam = articleText('06');

  it('name the cart role, policy and path as the scaffolder does', () => {
    expect(iam).toContain(`RoleName: ${names.roleName('cart')}\n`);
    expect(iam).toContain(`ManagedPolicyName: ${names.policyName('cart')}\n`);
    expect(iam).toContain(`Path: ${names.iamPath('cart')}\n`);
    expect(iam).toContain(`policy/${names.PERMISSIONS_BOUNDARY_POLICY_NAME}\n`);
  });

  it('find payment key use by the ARN CloudTrail records for the payment role session', () => {
    const query = articleText('12').match(
      /-- 3\. Payment key used[\s\S]*?GROUP BY/,
    )![0];
    expect(query).toContain(`assumed-role/${names.roleName('payment')}/%'`);
  });

  // The platform's boundary, read from its source: the action literals of BOUNDARY_ACTIONS and
  // of permissionsBoundaryDocument() (loading iam.ts would load the CDK).
  const iamSource = fs.readFileSync(
    path.join(patternsDir, 'platform/iam.ts'),
    'utf8',
  );
  const boundarySource =
    iamSource.match(
      /export const BOUNDARY_ACTIONS = \{[\s\S]*?\n\} as const;/,
    )![0] +
    iamSource.match(
      /export function permissionsBoundaryDocument\(\)[\s\S]*?\n\}\n/,
    )![0];
  const boundaryActions = new Set(
    [...boundarySource.matchAll(/'([a-z0-9-]+:[A-Za-z]+)'/g)].map(m => m[1]),
  );

  // Every action a PBC pattern grants: the string literals in its role.grant(...) calls.
  const grantedActions = [
    ...new Set(
      fs
        .readdirSync(patternsDir)
        .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .flatMap(f =>
          [
            ...fs
              .readFileSync(path.join(patternsDir, f), 'utf8')
              .matchAll(/\.grant\(([\s\S]*?)\);/g),
          ].flatMap(m =>
            [...m[1].matchAll(/'([a-z0-9-]+:[A-Za-z]+)'/g)].map(x => x[1]),
          ),
        ),
    ),
  ].sort();

  it('finds the generated grants and the boundary', () => {
    expect(grantedActions).toEqual(
      expect.arrayContaining([
        'sns:Publish',
        'rds-db:connect',
        'sqs:GetQueueUrl',
      ]),
    );
    expect(boundaryActions.size).toBeGreaterThan(20);
  });

  it('has every action a generated PBC role is granted inside the boundary', () => {
    expect(grantedActions.filter(a => !boundaryActions.has(a))).toEqual([]);
  });

  it('includes the boundary the platform deploys, not a copy', () => {
    expect(iam).toContain('--8<-- "snippets/platform-permissions-boundary.ts"');
    expect(
      codeBlocks(iam).some(
        b =>
          b.includes('"Version": "2012-10-17"') &&
          b.includes('PrincipalTag/pbc'),
      ),
    ).toBe(false);
  });
});

// ---- Listener priorities --------------------------------------------------------------

describe('listener rule priorities', () => {
  // 05's table: | PBC | Priorities | Paths it may route |
  const blocks = new Map(
    articleText('05')
      .split('\n')
      .map(l => l.match(/^\| (\w+) \| (\d+)–(\d+) \| (.*) \|$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map(m => [
        m[1],
        {
          from: Number(m[2]),
          to: Number(m[3]),
          paths: [...m[4].matchAll(/`([^`]+)`/g)].map(p => p[1]),
        },
      ]),
  );
  const rules = articles.flatMap(({ file, text }) =>
    codeBlocks(text)
      .filter(b => /ListenerRule|addTargets|addTargetGroups/.test(b))
      .flatMap(b =>
        [...b.matchAll(/\b[Pp]riority:\s*(\d+)/g)].map(m => ({
          file,
          priority: Number(m[1]),
          paths: [...b.matchAll(/['\s-]\s*'?(\/(?:api\/)?[a-z]+(?:\/\*)?)'?/g)]
            .map(p => p[1])
            .filter(p => p.startsWith('/api/') || p === '/search'),
        })),
      ),
  );

  it('finds the rules of 01, 05 and 14 and the blocks of 05', () => {
    expect(blocks.size).toBeGreaterThanOrEqual(4);
    expect(new Set(rules.map(r => r.file.slice(0, 2)))).toEqual(
      new Set(['01', '05', '14']),
    );
  });

  it.each(rules.map(r => [r.file, r.priority, r] as const))(
    '%s: priority %d lies in the block of the PBC whose paths it routes',
    (_file, _priority, rule) => {
      const owners = [...blocks].filter(([, b]) =>
        rule.paths.every(p => b.paths.includes(p)),
      );
      expect(rule.paths.length).toBeGreaterThan(0);
      expect(owners).toHaveLength(1);
      const [, block] = owners[0];
      expect(rule.priority).toBeGreaterThanOrEqual(block.from);
      expect(rule.priority).toBeLessThanOrEqual(block.to);
    },
  );
});

// ---- The Aurora example (07) ----------------------------------------------------------

describe('the Aurora example in 07', () => {
  // The constants are read from the pattern's source: loading aurora.ts would load the CDK.
  const aurora = fs.readFileSync(path.join(patternsDir, 'aurora.ts'), 'utf8');
  const constant = (name: string) =>
    aurora.match(new RegExp(`export const ${name} = ([^;]+);`))![1];
  const example = codeBlocks(articleText('07')).find(b =>
    b.includes('AWS::RDS::DBCluster'),
  )!;

  it('uses the generated engine version, instance class, capacity and names', () => {
    const capacity = constant('AURORA_CAPACITY');
    expect(example).toContain(
      `EngineVersion: ${constant('AURORA_ENGINE_VERSION')}`,
    );
    expect(example).toContain(
      `DBInstanceClass: ${constant('AURORA_INSTANCE_CLASS').replace(/'/g, '')}`,
    );
    expect(example).toContain(
      `MinCapacity: ${capacity.match(/minCapacity: ([\d.]+)/)![1]}\n`,
    );
    expect(example).toContain(
      `MaxCapacity: ${capacity.match(/maxCapacity: ([\d.]+)/)![1]}\n`,
    );
    expect(example).toContain(`Port: ${names.DATABASE_PORT} `);
    expect(example).toContain(
      `DBClusterIdentifier: ${names.stackName('order')}\n`,
    );
    expect(example).not.toMatch(/DBInstanceClass: db\.[a-z0-9]+\.[a-z0-9]+/);
  });
});

// ---- Topic and queue names ------------------------------------------------------------

describe('SNS topic and SQS queue names in the examples', () => {
  // PBCs the series uses as examples; a name must split into these.
  const pbcs = [
    'analytics',
    'cart',
    'catalog',
    'checkout',
    'customer',
    'fulfilment',
    'inventory',
    'loyalty',
    'notification',
    'order',
    'payment',
    'search',
  ];
  const found = articles.flatMap(({ file, text }) =>
    [
      ...text.matchAll(
        /(?:QueueName|TopicName):\s*([\w.-]+)|arn:aws:(sns|sqs):[a-z0-9-]+:\d{12}:([\w.-]+)|SQS: ([\w.-]+)"|SNS topic: ([\w.-]+),/g,
      ),
    ].map(m => {
      const name = m[1] ?? m[3] ?? m[4] ?? m[5];
      const kind = m[2] ?? (/QueueName|SQS:/.test(m[0]) ? 'sqs' : 'sns');
      return { file, kind, name };
    }),
  );
  const fifo = (name: string) => name.endsWith('.fifo');
  const topicNames = new Set(
    pbcs
      .flatMap(p =>
        found
          .filter(f => f.kind === 'sns')
          .map(f => f.name)
          .filter(n => n.startsWith(`pbc-${p}_`))
          .map(n => [p, n] as const),
      )
      .filter(
        ([p, n]) =>
          n ===
          names.topicName(
            p,
            n.slice(`pbc-${p}_`.length).replace(/\.fifo$/, ''),
            fifo(n),
          ),
      )
      .map(([, n]) => n),
  );
  const isQueueName = (name: string) =>
    pbcs.some(consumer =>
      pbcs.some(producer => {
        const prefix = `pbc-${consumer}_${producer}_`;
        if (!name.startsWith(prefix)) return false;
        const event = name
          .slice(prefix.length)
          .replace(/\.fifo$/, '')
          .replace(/_dlq$/, '');
        const q = names.queueNames(consumer, producer, event, fifo(name));
        return q.queue === name || q.deadLetterQueue === name;
      }),
    );

  it('finds topics and queues in the articles that use them (at least 02, 06, 08, 11)', () => {
    expect([...new Set(found.map(f => f.file.slice(0, 2)))]).toEqual(
      expect.arrayContaining(['02', '06', '08', '11']),
    );
  });

  it('names every topic pbc-<producer>_<event>[.fifo] (topicName)', () => {
    expect(
      found.filter(f => f.kind === 'sns' && !topicNames.has(f.name)),
    ).toEqual([]);
  });

  it('names every queue pbc-<consumer>_<producer>_<event>[_dlq][.fifo] (queueNames)', () => {
    expect(found.filter(f => f.kind === 'sqs' && !isQueueName(f.name))).toEqual(
      [],
    );
  });
});

// ---- Claims checklists ----------------------------------------------------------------

describe('claims checklists (../claims)', () => {
  const claimsDir = path.join(repoRoot, 'plugins/architecture-docs/claims');

  it.each(articleFiles)(
    '%s has a checklist whose every claim names a source',
    file => {
      const checklist = fs.readFileSync(path.join(claimsDir, file), 'utf8');
      const rows = checklist
        .split('\n')
        .filter(l => l.startsWith('| ') && !/^\| (Claim|---)/.test(l));
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) {
        const source = row.split(' | ')[2] ?? '';
        expect([row, /https:\/\/|`[^`]+`/.test(source)]).toEqual([row, true]);
      }
    },
  );
});

// ---- The shared load balancer's TLS policy (05) ---------------------------------------

describe('the shared load balancer in 05', () => {
  const edge = fs.readFileSync(
    path.join(patternsDir, 'platform/edge.ts'),
    'utf8',
  );
  const policy = edge.match(/export const ALB_SSL_POLICY = '([^']+)'/)![1];

  it('names the TLS policy the platform pattern pins', () => {
    expect(articleText('05')).toContain(
      `The platform pattern below pins \`${policy}\``,
    );
  });
});

// ---- The consumed-event queue example (08) --------------------------------------------

describe('the queue example in 08', () => {
  // The messaging pattern's settings, loaded by path (names.ts imports nothing).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { MESSAGING } = require(path.join(patternsDir, 'names.ts')) as {
    MESSAGING: {
      maxReceiveCount: number;
      deadLetterRetentionSeconds: number;
      queueRetentionSeconds: number;
      consumerTimeoutSeconds: number;
      receiveWaitSeconds: number;
    };
  };
  const example = codeBlocks(articleText('08')).find(b =>
    b.includes('OrderPlacedDlq:'),
  )!;
  const dlq = example.split('OrderPlacedQueue:')[0];
  const queue = example.split('OrderPlacedQueue:')[1];

  it('has the settings of the generated messaging pattern', () => {
    expect(dlq).toContain(
      `MessageRetentionPeriod: ${MESSAGING.deadLetterRetentionSeconds} `,
    );
    expect(queue).toContain(
      `MessageRetentionPeriod: ${MESSAGING.queueRetentionSeconds} `,
    );
    expect(queue).toContain(
      `VisibilityTimeout: ${6 * MESSAGING.consumerTimeoutSeconds} `,
    );
    expect(queue).toContain(
      `ReceiveMessageWaitTimeSeconds: ${MESSAGING.receiveWaitSeconds} `,
    );
    expect(queue).toContain(`maxReceiveCount: ${MESSAGING.maxReceiveCount}\n`);
  });
});

// ---- Payment endpoints (04) -----------------------------------------------------------

describe('the payment subnet endpoints in 04', () => {
  // How the article names each service of the contract.
  const serviceNames: Record<string, string> = {
    sqs: 'SQS',
    sns: 'SNS',
    kms: 'KMS',
    secretsmanager: 'Secrets Manager',
    sts: 'STS',
    logs: 'CloudWatch Logs',
    monitoring: 'CloudWatch',
  };

  it('are the services of PAYMENT_ENDPOINT_SERVICES', () => {
    const listed = articleText('04')
      .match(
        /an interface endpoint for each service a payment PBC calls \(([^:]+):/,
      )![1]
      .split(/, | and /)
      .map(name => name.trim());
    expect(listed.sort()).toEqual(
      PAYMENT_ENDPOINT_SERVICES.map(service => serviceNames[service]).sort(),
    );
  });
});

// ---- Titles of included snippets ------------------------------------------------------

describe('included snippets', () => {
  const titled = articles.flatMap(({ file, text }) =>
    [
      ...text.matchAll(
        /```ts title="([^"]+)"\n--8<-- "snippets\/([a-z0-9-]+)\.ts"/g,
      ),
    ].map(m => [file, m[1], m[2]] as const),
  );

  it('are all titled', () => {
    const includes = articles.flatMap(({ text }) => [
      ...text.matchAll(/--8<-- "snippets\//g),
    ]);
    expect(titled.length).toBe(includes.length);
  });

  it.each(titled)(
    '%s: %s marks the section %s it is titled with',
    (_file, source, section) => {
      const text = fs.readFileSync(path.join(repoRoot, source), 'utf8');
      expect(text).toContain(`--8<-- [start:${section}]`);
    },
  );
});
