import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { catalogModulePbcLocalLocations } from './catalogModule';
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
      'pbc:publish:local',
      'pbc:catalog:register',
    ]);
  });
});

describe('catalogModulePbcLocalLocations', () => {
  it.each([
    [true, [['url', 'file']]],
    [false, []],
  ])(
    'with localPublish.enabled %s allows file locations: %j',
    async (enabled, calls) => {
      const setAllowedLocationTypes = jest.fn();
      await startTestBackend({
        extensionPoints: [
          [catalogLocationsExtensionPoint, { setAllowedLocationTypes }],
        ],
        features: [
          catalogModulePbcLocalLocations,
          mockServices.rootConfig.factory({
            data: { pbcScaffolder: { localPublish: { enabled } } },
          }),
        ],
      });
      expect(setAllowedLocationTypes.mock.calls).toEqual(calls.map(c => [c]));
    },
  );
});
