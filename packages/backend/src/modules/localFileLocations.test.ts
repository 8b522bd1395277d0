import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import localFileLocations from './localFileLocations';

describe('localFileLocations', () => {
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
          localFileLocations,
          mockServices.rootConfig.factory({
            data: { pbcScaffolder: { localPublish: { enabled } } },
          }),
        ],
      });
      expect(setAllowedLocationTypes.mock.calls).toEqual(calls.map(c => [c]));
    },
  );
});
