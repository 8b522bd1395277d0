import {
  createMockDirectory,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validParameters } from './__testUtils__/fixtures';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModulePbc } from './module';

describe('scaffolderModulePbc', () => {
  it('adds the pbc actions to the scaffolder', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModulePbc, catalogServiceMock.factory()],
    });
    const ids = addActions.mock.calls
      .flat()
      .map((action: { id: string }) => action.id);
    expect(ids).toEqual([
      'pbc:spec:validate',
      'pbc:infrastructure:render',
      'pbc:platform:render',
      'pbc:generated:record',
      'pbc:infrastructure:rerender',
      'pbc:publish:local',
      'pbc:catalog:register',
    ]);
  });

  it('renders off the event loop: a dry run leaves the backend answering', async () => {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModulePbc, catalogServiceMock.factory()],
    });
    const render = addActions.mock.calls
      .flat()
      .find(
        (action: { id: string }) => action.id === 'pbc:infrastructure:render',
      );
    const workspace = createMockDirectory();
    const run = () =>
      render.handler({
        ...createMockActionContext<any>({
          input: { spec: validParameters({ pciScope: true }), lint: false },
          workspacePath: workspace.path,
        }),
        isDryRun: true,
      });
    await run(); // starts the worker and loads the CDK
    let last = Date.now();
    let worst = 0;
    const timer = setInterval(() => {
      worst = Math.max(worst, Date.now() - last);
      last = Date.now();
    }, 10);
    try {
      await Promise.all([run(), run(), run()]);
      await new Promise(resolve => setTimeout(resolve, 30));
    } finally {
      clearInterval(timer);
    }
    // In this thread three PCI renders block the loop for about half a second.
    expect(worst).toBeLessThan(200);
  }, 180_000);
});
