// Checks the articles' examples against the naming contract the scaffolder renders from
// (@pbc-portal/pbc-domain, naming.ts) and against each other: export names, ports,
// the VPC address plan, role names, the permissions boundary and listener priorities. An
// example that disagrees with the generated code is a bug in the article (issue 13).
import fs from 'node:fs';
import path from 'node:path';
import {
  DATABASE_PORT,
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
const dottedQuad = (address: number) =>
  [24, 16, 8, 0].map(shift => (address >>> shift) & 255).join('.');
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

  it('finds imports and exports in the articles that use them (at least 01, 03, 04, 07)', () => {
    expect([...new Set(used.map(([file]) => file.slice(0, 2)))]).toEqual(
      expect.arrayContaining(['01', '03', '04', '07']),
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

  it('give the database port in the payment NACL as the generated one', () => {
    const nacl = articleText('12').split('## Payment subnet NACL design')[1];
    const rows = nacl.split('\n').filter(l => l.includes('Aurora'));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row).toContain(`TCP ${names.DATABASE_PORT}`);
    }
  });
});

// ---- Address plan ---------------------------------------------------------------------

describe('the VPC address plan (04) and the payment NACL (12)', () => {
  const vpc = articleText('04');
  const vpcCidr = cidr(vpc.match(/IpAddresses\.cidr\('([\d./]+)'\)/)![1]);
  // The plan table: | Tier | AZ 1 | AZ 2 | AZ 3 | Summary |
  const plan = new Map(
    vpc
      .split('\n')
      .filter(l => /^\| (Edge|PBC|Data|Payment) \| `/.test(l))
      .map(l => {
        const cells = l.split('|').map(c => c.trim());
        return [
          cells[1].toLowerCase(),
          cells.slice(2, 5).map(c => cidr(c.replace(/`/g, ''))),
        ] as const;
      }),
  );
  const groups = [
    ...vpc.matchAll(
      /\{ name: '(\w+)', subnetType: ec2\.SubnetType\.(\w+), cidrMask: (\d+)(, reserved: true)?/g,
    ),
  ].map(m => ({ name: m[1], type: m[2], mask: Number(m[3]) }));

  it('lists three subnets per tier, inside the VPC', () => {
    expect([...plan.keys()]).toEqual(['edge', 'pbc', 'data', 'payment']);
    for (const subnets of plan.values()) {
      expect(subnets).toHaveLength(3);
      for (const subnet of subnets) expect(within(subnet, vpcCidr)).toBe(true);
    }
  });

  it('is the allocation the CDK code makes: groups in order, each block aligned to its size', () => {
    // How aws-cdk-lib's Vpc places cidrMask groups (checked once against a synth): every group,
    // reserved or not, takes one block per AZ at the next address aligned to the block's size.
    let next = vpcCidr.start;
    const allocated = new Map<string, string[]>();
    for (const group of groups) {
      const size = 2 ** (32 - group.mask);
      const blocks: string[] = [];
      for (let az = 0; az < 3; az++) {
        const start = Math.ceil(next / size) * size;
        blocks.push(`${dottedQuad(start)}/${group.mask}`);
        next = start + size;
      }
      allocated.set(group.name, blocks);
    }
    for (const [tier, subnets] of plan) {
      expect(subnets.map(s => s.text)).toEqual(allocated.get(tier));
    }
  });

  it('puts PBC compute in subnets without a NAT route, as the scaffolder assumes', () => {
    expect(groups.find(g => g.name === 'pbc')?.type).toBe('PRIVATE_ISOLATED');
    expect(vpc).toMatch(/natGateways: 0/);
    for (const { file, text } of articles) {
      expect([file, text.includes('PRIVATE_WITH_EGRESS')]).toEqual([
        file,
        false,
      ]);
    }
  });

  it('gives the payment subnet example a CIDR of the plan', () => {
    const example = vpc.match(
      /PaymentSubnetA:[\s\S]*?CidrBlock: ([\d./]+)/,
    )![1];
    expect(plan.get('payment')!.map(s => s.text)).toContain(example);
  });

  const nacl = articleText('12')
    .split('## Payment subnet NACL design')[1]
    .split('\n## ')[0];
  const naclRows = nacl.split('\n').filter(l => /^\| \d/.test(l));
  const cidrsOfRows = (label: RegExp) =>
    naclRows.filter(r => label.test(r.split('|')[5])).flatMap(cidrsIn);

  it.each([
    ['payment', /payment AZs|within payment/],
    ['pbc', /checkout/i],
  ])(
    'summarises the %s subnets in the NACL: covers all three and no other subnet',
    (tier, label) => {
      const summary = cidrsOfRows(label);
      expect(summary.length).toBeGreaterThan(0);
      for (const subnet of plan.get(tier)!) {
        expect([subnet.text, summary.some(s => within(subnet, s))]).toEqual([
          subnet.text,
          true,
        ]);
      }
      const others = [...plan]
        .filter(([t]) => t !== tier)
        .flatMap(([, s]) => s);
      for (const entry of summary) {
        for (const other of others) {
          expect([entry.text, other.text, overlaps(entry, other)]).toEqual([
            entry.text,
            other.text,
            false,
          ]);
        }
      }
    },
  );

  it('uses only the plan in the NACL entries of the platform VPC', () => {
    const entries = [...nacl.matchAll(/CidrBlock: ([\d./]+)/g)]
      .map(m => cidr(m[1]))
      .filter(c => within(c, vpcCidr));
    expect(entries.length).toBeGreaterThan(0);
    const summaries = [...cidrsOfRows(/checkout/i), ...cidrsOfRows(/payment/)];
    for (const entry of entries) {
      expect(summaries.map(s => s.text)).toContain(entry.text);
    }
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

  type Statement = {
    Action: string | string[];
    Resource: string | string[];
    Condition?: unknown;
  };
  const boundaryJson = codeBlocks(iam).find(b => b.includes('OwnTableByName'));
  const boundary: Statement[] = JSON.parse(boundaryJson!).Statement;
  const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split('*')
        .map(p => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    );
  /** Whether the boundary allows `action` on `arn` for a role tagged pbc=`tag`. */
  const allows = (action: string, arn: string, tag: string) =>
    boundary.some(
      s =>
        list(s.Action).includes(action) &&
        list(s.Resource).some(r =>
          glob(r.split('${aws:PrincipalTag/pbc}').join(tag)).test(arn),
        ),
    );

  // Every action a pattern grants: the string literals in its role.grant(...) calls.
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
            [...m[1].matchAll(/'([a-z0-9-]+:[A-Za-z]+)'/g)].map(a => a[1]),
          ),
        ),
    ),
  ].sort();

  it('finds the generated grants', () => {
    expect(grantedActions).toEqual(
      expect.arrayContaining([
        'sns:Publish',
        'rds-db:connect',
        'sqs:GetQueueUrl',
      ]),
    );
  });

  it('has every action the generated roles are granted in the boundary', () => {
    const inBoundary = new Set(boundary.flatMap(s => list(s.Action)));
    expect(grantedActions.filter(a => !inBoundary.has(a))).toEqual([]);
  });

  const arn = (service: string, resource: string) =>
    `arn:aws:${service}:eu-west-1:111122223333:${resource}`;
  const cartQueues = names.queueNames('cart', 'order', 'order-placed', false);
  const cartResources: Array<[string, string]> = [
    ['dynamodb:GetItem', arn('dynamodb', `table/${names.stackName('cart')}`)],
    ['sns:Publish', arn('sns', names.topicName('cart', 'item-added', false))],
    ['sns:Publish', arn('sns', names.topicName('cart', 'item-added', true))],
    ['sqs:ReceiveMessage', arn('sqs', cartQueues.queue)],
    ['sqs:ReceiveMessage', arn('sqs', cartQueues.deadLetterQueue)],
  ];

  it.each(cartResources)(
    'allows the cart role %s on its own generated resource %s, and not the order role',
    (action, resource) => {
      expect(allows(action, resource, 'cart')).toBe(true);
      expect(allows(action, resource, 'order')).toBe(false);
    },
  );
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
