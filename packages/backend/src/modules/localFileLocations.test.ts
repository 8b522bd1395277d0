import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import localFileLocations, {
  REFUSED_FILE_LOCATION,
} from './localFileLocations';

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

describe('file locations through POST /api/catalog/locations', () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pbc-locations-'));
  const repos = path.join(base, 'repos');
  const inside = path.join(repos, 'checkout', 'catalog-info.yaml');
  const outside = path.join(base, 'secret.yaml');
  fs.mkdirSync(path.dirname(inside), { recursive: true });
  fs.writeFileSync(
    inside,
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: checkout }\nspec: { type: service, lifecycle: production, owner: checkout-team }\n',
  );
  fs.writeFileSync(
    outside,
    'apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: { name: secret }\n',
  );
  fs.symlinkSync(outside, path.join(repos, 'link.yaml'));

  afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

  async function backend() {
    return startTestBackend({
      features: [
        catalogPlugin,
        localFileLocations,
        mockServices.rootConfig.factory({
          data: {
            pbcScaffolder: {
              localPublish: { enabled: true, directory: repos },
            },
          },
        }),
      ],
    });
  }

  it.each([
    ['/etc', '/etc'],
    ['a missing file', path.join(repos, 'missing.yaml')],
    ['../ traversal', path.join(repos, 'checkout', '..', '..', 'secret.yaml')],
    ['a symlink out of the folder', path.join(repos, 'link.yaml')],
    ['the folder itself', repos],
  ])('refuses %s with the same answer', async (_what, target) => {
    const { server } = await backend();
    const res = await request(server)
      .post('/api/catalog/locations?dryRun=true')
      .set('Authorization', mockCredentials.user.header())
      .send({ type: 'file', target });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(REFUSED_FILE_LOCATION);
    expect(JSON.stringify(res.body)).not.toContain('secret');
  });

  it('accepts a catalog file inside the repositories folder', async () => {
    const { server } = await backend();
    const res = await request(server)
      .post('/api/catalog/locations?dryRun=true')
      .set('Authorization', mockCredentials.user.header())
      .send({ type: 'file', target: inside });
    expect(res.status).toBe(201);
  });
});
