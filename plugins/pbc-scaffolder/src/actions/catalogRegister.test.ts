import { createMockDirectory } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { pathToFileURL } from 'node:url';
import type { LocalPublishSettings } from '../lib/config';
import { createCatalogRegisterAction } from './catalogRegister';

const CATALOG_INFO = [
  'apiVersion: backstage.io/v1alpha1',
  'kind: Component',
  'metadata:',
  '  name: order',
  'spec:',
  '  type: service',
  '',
].join('\n');

describe('pbc:catalog:register', () => {
  const dir = createMockDirectory();
  const integrations = ScmIntegrations.fromConfig(
    new ConfigReader({
      integrations: { github: [{ host: 'github.com' }] },
    }),
  );

  function setup(overrides: Partial<LocalPublishSettings> = {}) {
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: 'l1', type: 'file', target: 'x' },
        entities: [],
        exists: false,
      }),
    });
    const action = createCatalogRegisterAction({
      catalog,
      integrations,
      settings: {
        enabled: true,
        directory: dir.resolve('repos'),
        defaultBranch: 'main',
        author: { name: 'a', email: 'a@example.com' },
        ...overrides,
      },
    });
    return { action, catalog };
  }

  beforeEach(() => {
    dir.setContent({
      repos: { order: { 'catalog-info.yaml': CATALOG_INFO } },
      workspace: { 'catalog-info.yaml': CATALOG_INFO },
      elsewhere: { 'catalog-info.yaml': CATALOG_INFO },
    });
  });

  function context(input: Record<string, unknown>, isDryRun = false) {
    return {
      ...createMockActionContext<any>({
        input,
        workspacePath: dir.resolve('workspace'),
      }),
      isDryRun,
    };
  }

  it('registers a local repository as a file location and outputs the entity ref', async () => {
    const { action, catalog } = setup();
    const ctx = context({
      repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
      catalogInfoPath: '/catalog-info.yaml',
    });
    const checkpoint = jest.spyOn(ctx, 'checkpoint');
    await action.handler(ctx);
    const target = dir.resolve('repos/order/catalog-info.yaml');
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target },
      { credentials: expect.anything() },
    );
    expect(checkpoint).toHaveBeenCalledWith(
      expect.objectContaining({ key: `catalog.register.file.${target}` }),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/order',
    );
    expect(ctx.output).toHaveBeenCalledWith('catalogInfoUrl', target);
  });

  it('registers with the scaffolder service credentials when given auth', async () => {
    const serviceCredentials = { $$type: '@backstage/BackstageCredentials', principal: { type: 'service', subject: 'plugin:scaffolder' } } as any;
    const catalog = catalogServiceMock.mock({
      addLocation: jest.fn().mockResolvedValue({
        location: { id: 'l1', type: 'file', target: 'x' },
        entities: [],
        exists: false,
      }),
    });
    const action = createCatalogRegisterAction({
      catalog,
      integrations,
      settings: {
        enabled: true,
        directory: dir.resolve('repos'),
        defaultBranch: 'main',
        author: { name: 'a', email: 'a@example.com' },
      },
      auth: { getOwnServiceCredentials: async () => serviceCredentials },
    });
    await action.handler(
      context({
        repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
      }),
    );
    expect(catalog.addLocation).toHaveBeenCalledWith(
      { type: 'file', target: dir.resolve('repos/order/catalog-info.yaml') },
      { credentials: serviceCredentials },
    );
  });

  it('registers a GitHub repository as a url location', async () => {
    const { action, catalog } = setup();
    const ctx = context({
      repoContentsUrl: 'https://github.com/acme/order/tree/main',
    });
    await action.handler(ctx);
    expect(catalog.addLocation).toHaveBeenCalledWith(
      {
        type: 'url',
        target: 'https://github.com/acme/order/tree/main/catalog-info.yaml',
      },
      expect.anything(),
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/order',
    );
  });

  it('makes no catalog call in a dry run, reading the entity from the workspace', async () => {
    const { action, catalog } = setup();
    const ctx = context(
      {
        repoContentsUrl: pathToFileURL(dir.resolve('repos/not-created-yet'))
          .href,
      },
      true,
    );
    await action.handler(ctx);
    expect(catalog.addLocation).not.toHaveBeenCalled();
    expect(ctx.output).toHaveBeenCalledWith(
      'entityRef',
      'component:default/order',
    );
  });

  it('does not swallow a failed checkpoint', async () => {
    const { action, catalog } = setup();
    catalog.addLocation.mockRejectedValue(new Error('catalog down'));
    const ctx = context({
      repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
    });
    await expect(action.handler(ctx)).rejects.toThrow('catalog down');
    expect(ctx.output).not.toHaveBeenCalled();
  });

  it.each([
    [
      'a file location outside the repository directory',
      () => pathToFileURL(dir.resolve('elsewhere')).href,
      '/catalog-info.yaml',
      /repoContentsUrl: file locations must be inside pbcScaffolder.localPublish.directory/,
    ],
    [
      'the repository directory itself',
      () => pathToFileURL(dir.resolve('repos')).href,
      '/catalog-info.yaml',
      /repoContentsUrl: file locations must be inside/,
    ],
    [
      'a traversal in catalogInfoPath',
      () => pathToFileURL(dir.resolve('repos/order')).href,
      '/../../elsewhere/catalog-info.yaml',
      /catalogInfoPath: .* must be a path inside the repository/,
    ],
    [
      'a host without integration',
      () => 'https://gitlab.example.com/acme/order',
      '/catalog-info.yaml',
      /repoContentsUrl: no SCM integration is configured for gitlab.example.com/,
    ],
    [
      'an unsupported scheme',
      () => 'ftp://example.com/order',
      '/catalog-info.yaml',
      /repoContentsUrl: unsupported scheme 'ftp:'/,
    ],
    [
      'something that is not a URL',
      () => 'repos/order',
      '/catalog-info.yaml',
      /repoContentsUrl: 'repos\/order' is not a URL/,
    ],
  ])(
    'refuses %s without calling the catalog',
    async (_case, url, catalogInfoPath, expected) => {
      const { action, catalog } = setup();
      for (const isDryRun of [false, true]) {
        const ctx = context(
          { repoContentsUrl: url(), catalogInfoPath },
          isDryRun,
        );
        await expect(action.handler(ctx)).rejects.toThrow(expected);
        expect(ctx.output).not.toHaveBeenCalled();
      }
      expect(catalog.addLocation).not.toHaveBeenCalled();
    },
  );

  it('refuses a missing entity file without calling the catalog', async () => {
    const { action, catalog } = setup();
    const ctx = context({
      repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
      catalogInfoPath: '/missing.yaml',
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /catalogInfoPath: \/missing.yaml does not exist/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });

  it('refuses file locations when local publishing is disabled', async () => {
    const { action, catalog } = setup({ enabled: false });
    const ctx = context({
      repoContentsUrl: pathToFileURL(dir.resolve('repos/order')).href,
    });
    await expect(action.handler(ctx)).rejects.toThrow(
      /only registered when pbcScaffolder.localPublish.enabled/,
    );
    expect(catalog.addLocation).not.toHaveBeenCalled();
  });
});
