/**
 * Re-rendering after a patterns change, end to end on a real local repository: the real
 * patterns render PBC `order` at 1.0.0 with its producer's facts (`cart`: PCI, another account,
 * from the catalog) and the real skeleton renders its wiring; it is published; the team commits
 * its own code and edits a generated file; the patterns then move to 1.1.0 (the DLQ redrive
 * count 5 → 3, injected through renderInfrastructure's overrides) and the action re-renders
 * onto a branch, reading the producer's facts from the catalog as the create path does.
 */
import {
  createMockDirectory,
  mockCredentials,
  mockServices,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { InputError, NotAllowedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { PbcSpec } from '@pbc-portal/pbc-domain';
import git from 'isomorphic-git';
import fs from 'node:fs';
import { validParameters } from '../__testUtils__/fixtures';
import type { LocalPublishSettings } from '../lib/config';
import { GENERATED_MANIFEST_PATH } from '../lib/generatedManifest';
import { createWiringRenderer, type WiringRenderer } from '../lib/renderWiring';
import type { InfrastructureToolkit } from '../lib/toolkit';
import { renderInfrastructure } from '../patterns';
import { checkReferencePatterns, runCfnLint } from '../validation';
import { createGeneratedRecordAction } from './generatedRecord';
import { createInfrastructureRenderAction } from './infrastructureRender';
import { createInfrastructureRerenderAction } from './infrastructureRerender';
import { createPublishLocalAction } from './publishLocal';

jest.setTimeout(120_000);

/** `cart`, the producer `order` consumes from: PCI-scoped, in another account and Region. */
const CART_FACTS = {
  awsAccountId: '210987654321',
  awsRegion: 'eu-central-1',
  pciScope: true,
};
const CART: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'cart',
    namespace: 'default',
    annotations: {
      'pbc-portal.io/pbc': 'cart',
      'pbc-portal.io/publishes': 'cart-checked-out',
      'pbc-portal.io/aws-account-id': CART_FACTS.awsAccountId,
      'pbc-portal.io/aws-region': CART_FACTS.awsRegion,
      'pbc-portal.io/pci-scope': 'true',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'checkout-team' },
};
/** A PBC as the catalog has it: owned by order-team, its repository the local one. */
function pbcEntity(
  pbc: string,
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: pbc.replace(/[^a-z-]/g, ''),
      namespace: 'default',
      annotations: { 'pbc-portal.io/pbc': pbc, ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'order-team' },
  };
}
const orderEntity = (annotations?: Record<string, string>) =>
  pbcEntity('order', annotations);
const ORDER_MEMBER = ['user:default/mock', 'group:default/order-team'];
const CONSUMER_HANDLER = 'src/consumers/cart-cart-checked-out.ts';
const integrations = ScmIntegrations.fromConfig(
  new ConfigReader({ integrations: { github: [{ host: 'github.com' }] } }),
);
/** The real skeleton of templates/pbc, rendered with the real fetch:template action. */
const realWiring = createWiringRenderer({
  reader: mockServices.urlReader.mock(),
  integrations,
});

const TEMPLATE = 'infrastructure/pbc-order.template.yaml';
const PACK = 'infrastructure/conformance-pack.yaml';
const WORKER = 'src/messaging/worker.ts';
const CONFIG = 'src/config.ts';
const AUTHOR = { name: 'Team', email: 'team@example.com' };

function toolkitAt(
  version: string,
  maxReceiveCount?: number,
): InfrastructureToolkit {
  return {
    patternsVersion: version,
    renderInfrastructure: (spec: PbcSpec, options?: { producers?: any }) =>
      renderInfrastructure(spec, {
        producers: options?.producers,
        patterns: { version, maxReceiveCount },
      }),
    checkReferencePatterns,
    runCfnLint,
  };
}

describe('pbc:infrastructure:rerender', () => {
  const dir = createMockDirectory();
  const repo = () => dir.resolve('repos/order');
  const settings = (
    overrides: Partial<LocalPublishSettings> = {},
  ): LocalPublishSettings => ({
    enabled: true,
    directory: dir.resolve('repos'),
    defaultBranch: 'main',
    author: { name: 'Scaffolder', email: 'scaffolder@example.com' },
    ...overrides,
  });
  const context = (input: Record<string, unknown>, isDryRun = false) => ({
    ...createMockActionContext<any>({
      input,
      workspacePath: dir.resolve('workspace'),
    }),
    isDryRun,
  });
  const rerenderAction = (
    toolkit: InfrastructureToolkit,
    overrides: {
      settings?: LocalPublishSettings;
      entities?: Entity[];
      renderWiring?: WiringRenderer;
      ownershipEntityRefs?: string[];
      platformGroups?: string[];
    } = {},
  ) =>
    createInfrastructureRerenderAction({
      toolkit,
      settings: overrides.settings ?? settings(),
      catalog: catalogServiceMock({
        entities: overrides.entities ?? [CART, orderEntity()],
      }),
      auth: mockServices.auth(),
      integrations,
      renderWiring: overrides.renderWiring ?? realWiring,
      userInfo: mockServices.userInfo({
        ownershipEntityRefs: overrides.ownershipEntityRefs ?? ORDER_MEMBER,
      }),
      platformGroups: overrides.platformGroups,
    });
  const outputs = (ctx: { output: unknown }) =>
    Object.fromEntries((ctx.output as jest.Mock).mock.calls);

  async function filesAt(ref: string): Promise<Map<string, string>> {
    const oid = await git.resolveRef({ fs, dir: repo(), ref });
    const files = new Map<string, string>();
    for (const filepath of await git.listFiles({ fs, dir: repo(), ref })) {
      const { blob } = await git.readBlob({ fs, dir: repo(), oid, filepath });
      files.set(filepath, Buffer.from(blob).toString('utf8'));
    }
    return files;
  }

  /** Lines that differ, as [before, after] pairs (the files have the same number of lines). */
  function changedLines(before: string, after: string): string[][] {
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b).toHaveLength(a.length);
    return a
      .map((line, i) => [line.trim(), b[i].trim()])
      .filter(([x, y]) => x !== y);
  }

  /**
   * Creates PBC `order` as the template does (patterns 1.0.0, cart's facts, the skeleton's
   * wiring recorded before the consumer's handler), then the team's own commit.
   */
  async function createOrderAtVersionA() {
    dir.setContent({
      workspace: {
        'catalog-info.yaml': [
          'apiVersion: backstage.io/v1alpha1',
          'kind: Component',
          'metadata:',
          '  name: order',
          '  annotations:',
          '    pbc-portal.io/pbc: order',
          '    pbc-portal.io/template-version: "1.0.0"',
          'spec:',
          '  type: service',
          '',
        ].join('\n'),
      },
    });
    await createInfrastructureRenderAction({
      toolkit: toolkitAt('1.0.0'),
    }).handler(
      context({
        spec: validParameters(),
        producers: { cart: CART_FACTS },
        lint: false,
      }),
    );
    const skeletonCtx = context({});
    for (const [file, content] of await realWiring(
      validParameters(),
      skeletonCtx,
    )) {
      fs.mkdirSync(
        `${dir.resolve('workspace')}/${file}`.replace(/\/[^/]+$/, ''),
        {
          recursive: true,
        },
      );
      fs.writeFileSync(`${dir.resolve('workspace')}/${file}`, content);
    }
    await createGeneratedRecordAction().handler(context({}));
    fs.writeFileSync(
      `${dir.resolve('workspace')}/${CONSUMER_HANDLER}`,
      '// the consumer partial: the team fills it in\n',
    );
    await createPublishLocalAction({ settings: settings() }).handler(
      context({ name: 'order' }),
    );
    // The team's work: its handler, and a comment of its own in two generated files.
    fs.writeFileSync(
      `${repo()}/${CONSUMER_HANDLER}`,
      'export const handled = true; // ours\n',
    );
    fs.appendFileSync(`${repo()}/${PACK}`, '# tuned by the order team\n');
    fs.appendFileSync(`${repo()}/${CONFIG}`, '// tuned by the order team\n');
    for (const filepath of [CONSUMER_HANDLER, PACK, CONFIG]) {
      await git.add({ fs, dir: repo(), filepath });
    }
    await git.commit({ fs, dir: repo(), message: 'Our work', author: AUTHOR });
  }

  /** The skeleton moved on too: its worker and config read one more line. */
  const movedWiring: WiringRenderer = async (spec, ctx) =>
    (await realWiring(spec, ctx)).map(([file, content]) => [
      file,
      file === WORKER || file === CONFIG
        ? `${content}// skeleton 1.1.0\n`
        : content,
    ]);

  beforeEach(() => dir.clear());

  it('commits exactly the re-rendered files on a branch and keeps what the team edited', async () => {
    await createOrderAtVersionA();
    const main = await git.resolveRef({ fs, dir: repo(), ref: 'main' });
    const before = await filesAt('main');

    const ctx = context({ name: 'order', lint: false });
    await rerenderAction(toolkitAt('1.1.0', 3), {
      renderWiring: movedWiring,
    }).handler(ctx);

    const out = outputs(ctx);
    expect(out.branch).toBe('pbc-portal/rerender-1.1.0');
    expect(out.fromVersion).toBe('1.0.0');
    expect(out.toVersion).toBe('1.1.0');
    expect(out.publishTo).toBe('local');
    expect(out.conflicts).toEqual([PACK, CONFIG]);
    // main and the checked-out files are untouched; the branch is one commit on top of main.
    expect(await git.resolveRef({ fs, dir: repo(), ref: 'main' })).toBe(main);
    expect(fs.readFileSync(`${repo()}/${PACK}`, 'utf8')).toBe(before.get(PACK));
    const [commit] = await git.log({ fs, dir: repo(), ref: out.branch });
    expect(commit.oid).toBe(out.commitHash);
    expect(commit.commit.parent).toEqual([main]);

    const after = await filesAt(out.branch);
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...after.keys()]
      .filter(file => after.get(file) !== before.get(file))
      .sort();
    const expected = [
      GENERATED_MANIFEST_PATH,
      'catalog-info.yaml',
      TEMPLATE,
      'infrastructure/validation.json',
      'pbc.yaml',
      WORKER,
    ];
    expect(changed).toEqual(expected);
    expect(out.changedFiles).toEqual(expected);

    // The template changes in the redrive count and the recorded version, nowhere else.
    expect(changedLines(before.get(TEMPLATE)!, after.get(TEMPLATE)!)).toEqual([
      [
        'Description: "PBC order: reference infrastructure (pbc-portal patterns 1.0.0)"',
        'Description: "PBC order: reference infrastructure (pbc-portal patterns 1.1.0)"',
      ],
      ['patternsVersion: 1.0.0', 'patternsVersion: 1.1.0'],
      ['maxReceiveCount: 5', 'maxReceiveCount: 3'],
    ]);
    expect(
      changedLines(
        before.get('catalog-info.yaml')!,
        after.get('catalog-info.yaml')!,
      ),
    ).toEqual([
      [
        'pbc-portal.io/template-version: "1.0.0"',
        'pbc-portal.io/template-version: "1.1.0"',
      ],
    ]);
    expect(
      changedLines(before.get('pbc.yaml')!, after.get('pbc.yaml')!),
    ).toEqual([['patternsVersion: 1.0.0', 'patternsVersion: 1.1.0']]);
    // The generated wiring moved on where the team left it alone; its edits and its handler stay.
    expect(after.get(WORKER)).toBe(`${before.get(WORKER)}// skeleton 1.1.0\n`);
    expect(after.get(CONFIG)).toBe(before.get(CONFIG));
    expect(after.get(CONFIG)).toContain('// tuned by the order team');
    expect(after.get(CONSUMER_HANDLER)).toBe(
      'export const handled = true; // ours\n',
    );
    expect(after.get(PACK)).toBe(before.get(PACK));

    expect(out.resourcesAdded).toEqual([]);
    expect(out.resourcesRemoved).toEqual([]);
    expect(out.resourcesChanged).toEqual([
      expect.stringMatching(/^QueueCartCartCheckedOut/),
    ]);
    expect(out.resourcesChanged).toHaveLength(1);
    expect(out.controlsAdded).toEqual([]);
    expect(out.controlsRemoved).toEqual([]);
    // The edited pack keeps its old hash: the next re-render still treats it as the team's.
    const manifest = JSON.parse(after.get(GENERATED_MANIFEST_PATH)!);
    expect(manifest.patternsVersion).toBe('1.1.0');
    const recorded = JSON.parse(before.get(GENERATED_MANIFEST_PATH)!).files;
    expect(manifest.files[PACK]).toBe(recorded[PACK]);
    expect(manifest.files[CONFIG]).toBe(recorded[CONFIG]);
    // The team's handler was never generated wiring.
    expect(recorded[CONSUMER_HANDLER]).toBeUndefined();
    expect(manifest.files[CONSUMER_HANDLER]).toBeUndefined();
  });

  it("renders with the producer's facts from the catalog, as at creation", async () => {
    await createOrderAtVersionA();
    const before = await filesAt('main');
    const subscriptions =
      'infrastructure/pbc-order--subscriptions.template.yaml';
    // cart's facts kept: its FIFO topic in its own account and Region, as at creation.
    expect(before.get(subscriptions)).toContain(
      `arn:aws:sns:${CART_FACTS.awsRegion}:${CART_FACTS.awsAccountId}:pbc-cart_cart-checked-out.fifo`,
    );
    const ctx = context({ name: 'order', lint: false }, true);
    await rerenderAction(toolkitAt('1.0.0')).handler(ctx);
    expect(outputs(ctx)).toMatchObject({ branch: '', changedFiles: [] });

    // Without cart in the catalog the patterns assume it shares order's account and scope:
    // a different queue and subscription, which the re-render would put on the branch.
    const fallback = context({ name: 'order', lint: false }, true);
    await rerenderAction(toolkitAt('1.0.0'), {
      entities: [orderEntity()],
    }).handler(fallback);
    expect(outputs(fallback).changedFiles).toEqual(
      expect.arrayContaining([TEMPLATE, subscriptions]),
    );
    expect(outputs(fallback).resourcesChanged).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^QueueCartCartCheckedOut/),
      ]),
    );
  });

  it('changes nothing when the PBC is on the current patterns (the team-edited file stays a conflict)', async () => {
    await createOrderAtVersionA();
    const ctx = context({ name: 'order', lint: false });
    await rerenderAction(toolkitAt('1.0.0')).handler(ctx);
    expect(outputs(ctx)).toMatchObject({
      branch: '',
      commitHash: '',
      changedFiles: [],
      conflicts: [PACK, CONFIG],
      resourcesChanged: [],
    });
    expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
  });

  it('reports the diff in a dry run without creating the branch', async () => {
    await createOrderAtVersionA();
    const ctx = context({ name: 'order', lint: false }, true);
    await rerenderAction(toolkitAt('1.1.0', 3)).handler(ctx);
    expect(outputs(ctx)).toMatchObject({
      branch: 'pbc-portal/rerender-1.1.0',
      commitHash: '',
      conflicts: [PACK, CONFIG],
    });
    expect(outputs(ctx).resourcesChanged).toHaveLength(1);
    expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
  });

  it('refuses to move an existing branch, and changes nothing', async () => {
    await createOrderAtVersionA();
    const main = await git.resolveRef({ fs, dir: repo(), ref: 'main' });
    await git.branch({ fs, dir: repo(), ref: 'pbc-portal/rerender-1.1.0' });
    await expect(
      rerenderAction(toolkitAt('1.1.0', 3)).handler(
        context({ name: 'order', lint: false }),
      ),
    ).rejects.toThrow(/already exists/);
    expect(
      await git.resolveRef({
        fs,
        dir: repo(),
        ref: 'pbc-portal/rerender-1.1.0',
      }),
    ).toBe(main);
  });

  it('treats every differing file of a repository without a manifest as the team’s', async () => {
    await createOrderAtVersionA();
    await git.remove({ fs, dir: repo(), filepath: GENERATED_MANIFEST_PATH });
    await git.commit({
      fs,
      dir: repo(),
      message: 'No manifest',
      author: AUTHOR,
    });
    const ctx = context({ name: 'order', lint: false });
    await rerenderAction(toolkitAt('1.1.0', 3), {
      renderWiring: movedWiring,
    }).handler(ctx);
    expect(outputs(ctx).conflicts).toEqual([
      TEMPLATE,
      PACK,
      'pbc.yaml',
      'infrastructure/validation.json',
      CONFIG,
      WORKER,
    ]);
    // Only the annotation and a fresh manifest go on the branch.
    expect(outputs(ctx).changedFiles).toEqual([
      GENERATED_MANIFEST_PATH,
      'catalog-info.yaml',
    ]);
  });

  it('refuses bad input with a clear error and writes nothing', async () => {
    const rerender = (name: string, local = settings()) =>
      rerenderAction(toolkitAt('1.1.0', 3), {
        settings: local,
        entities: ['order', '../etc', 'missing', 'order-copy'].map(pbc =>
          pbcEntity(pbc),
        ),
      }).handler(context({ name, lint: false }));
    await expect(
      rerender('order', settings({ enabled: false })),
    ).rejects.toThrow(/local publishing is disabled/);
    await expect(rerender('../etc')).rejects.toThrow(
      /not a valid repository name/,
    );
    await expect(rerender('missing')).rejects.toThrow(
      /No local repository named 'missing'/,
    );

    await createOrderAtVersionA();
    fs.renameSync(repo(), dir.resolve('repos/order-copy'));
    await expect(rerender('order-copy')).rejects.toThrow(
      /pbc.yaml of repository 'order-copy' describes PBC 'order'/,
    );
    expect(
      await git.listBranches({ fs, dir: dir.resolve('repos/order-copy') }),
    ).toEqual(['main']);
  });

  describe('who may re-render, and which repository', () => {
    const GITHUB = 'url:https://github.com/acme/order/tree/main/';

    /** Runs a real re-render that would commit a branch, as the given user. */
    const rerenderAs = (
      ownershipEntityRefs: string[],
      input: Record<string, unknown> = {},
      overrides: { entities?: Entity[]; platformGroups?: string[] } = {},
    ) => {
      const ctx = context({ name: 'order', lint: false, ...input });
      return {
        ctx,
        run: rerenderAction(toolkitAt('1.1.0', 3), {
          ownershipEntityRefs,
          ...overrides,
        }).handler(ctx),
      };
    };

    it('refuses a user outside the owner group and the platform groups, writing nothing', async () => {
      await createOrderAtVersionA();
      const { ctx, run } = rerenderAs([
        'user:default/mock',
        'group:default/checkout-team',
      ]);
      await expect(run).rejects.toThrow(NotAllowedError);
      await expect(run).rejects.toThrow(
        'owner: user:default/mock is not a member of group:default/order-team',
      );
      expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
      expect(ctx.output).not.toHaveBeenCalled();
    });

    it('refuses a task started without a user', async () => {
      await createOrderAtVersionA();
      const ctx = {
        ...context({ name: 'order', lint: false }),
        getInitiatorCredentials: async () => mockCredentials.service(),
      };
      await expect(
        rerenderAction(toolkitAt('1.1.0', 3)).handler(ctx),
      ).rejects.toThrow(NotAllowedError);
      expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
    });

    it('lets a member of the owner group re-render', async () => {
      await createOrderAtVersionA();
      const { ctx, run } = rerenderAs(ORDER_MEMBER);
      await run;
      expect(outputs(ctx).branch).toBe('pbc-portal/rerender-1.1.0');
      expect(await git.listBranches({ fs, dir: repo() })).toContain(
        'pbc-portal/rerender-1.1.0',
      );
    });

    it('lets a member of a platform group re-render any PBC, as configured', async () => {
      await createOrderAtVersionA();
      const { ctx, run } = rerenderAs(
        ['user:default/mock', 'group:default/architects'],
        {},
        { platformGroups: ['group:default/architects'] },
      );
      await run;
      expect(outputs(ctx).commitHash).toMatch(/^[0-9a-f]{40}$/);
      // The default platform group is not one of them once configured.
      const other = rerenderAs(
        ['user:default/mock', 'group:default/platform-team'],
        {},
        { platformGroups: ['group:default/architects'] },
      );
      await expect(other.run).rejects.toThrow(NotAllowedError);
    });

    it("refuses a sourceLocation other than the catalog's, writing nothing", async () => {
      await createOrderAtVersionA();
      // A local PBC pointed at a repository on GitHub.
      const local = rerenderAs(ORDER_MEMBER, { sourceLocation: GITHUB });
      await expect(local.run).rejects.toThrow(InputError);
      await expect(local.run).rejects.toThrow(
        `sourceLocation: '${GITHUB}' is not the source location of component:default/order in the catalog (none: its local repository)`,
      );
      // A GitHub PBC pointed at another repository.
      const elsewhere = rerenderAs(
        ORDER_MEMBER,
        { sourceLocation: 'url:https://github.com/other/secrets/tree/main/' },
        {
          entities: [
            CART,
            orderEntity({ 'backstage.io/source-location': GITHUB }),
          ],
        },
      );
      await expect(elsewhere.run).rejects.toThrow(
        /is not the source location of component:default\/order in the catalog \(url:https:\/\/github.com\/acme\/order\/tree\/main\/\)/,
      );
      expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
      expect(fs.existsSync(dir.resolve('workspace/rerender'))).toBe(false);
    });

    it('refuses a PBC the catalog does not have, or has twice', async () => {
      await createOrderAtVersionA();
      await expect(
        rerenderAs(ORDER_MEMBER, {}, { entities: [CART] }).run,
      ).rejects.toThrow("name: no PBC named 'order' in the catalog");
      const impostor: Entity = {
        ...orderEntity(),
        metadata: {
          ...orderEntity().metadata,
          name: 'order-impostor',
          namespace: 'sandbox',
        },
        spec: { ...orderEntity().spec, owner: 'group:sandbox/intruders' },
      };
      await expect(
        rerenderAs(
          ['user:default/mock', 'group:sandbox/intruders'],
          {},
          { entities: [CART, orderEntity(), impostor] },
        ).run,
      ).rejects.toThrow(/more than one catalog entity claims PBC 'order'/);
      expect(await git.listBranches({ fs, dir: repo() })).toEqual(['main']);
    });
  });
});
