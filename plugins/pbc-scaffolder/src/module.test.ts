import { startTestBackend } from '@backstage/backend-test-utils';
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
      'pbc:infrastructure:rerender',
      'pbc:publish:local',
      'pbc:catalog:register',
    ]);
  });
});
