import {
  coreServices,
  createBackendModule,
  HttpRouterService,
} from '@backstage/backend-plugin-api';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import fs from 'node:fs/promises';
import path from 'node:path';

type Handler = Parameters<HttpRouterService['use']>[0];

/** One answer for every refused target, so a caller learns nothing about the host's files. */
export const REFUSED_FILE_LOCATION =
  'file locations are accepted only for catalog files inside the configured repositories folder (pbcScaffolder.localPublish.directory)';

export const DEFAULT_REPOS_DIRECTORY = '../../.tooling/data/repos';

/**
 * True when `target` names an existing regular file whose real path (symlinks and `..`
 * resolved) is inside `directory`. Relative paths are relative to the backend process, as the
 * catalog's own file reader reads them.
 */
export async function isInsideRepositories(
  target: string,
  directory: string,
): Promise<boolean> {
  try {
    const root = await fs.realpath(path.resolve(directory));
    const real = await fs.realpath(path.resolve(target));
    const stat = await fs.stat(real);
    const relative = path.relative(root, real);
    return (
      stat.isFile() &&
      relative !== '' &&
      !relative.startsWith('..') &&
      !path.isAbsolute(relative)
    );
  } catch {
    return false;
  }
}

function readJsonBody(req: Parameters<Handler>[0]): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve(text ? JSON.parse(text) : {});
      } catch (e) {
        reject(e);
      }
    });
  });
}

/**
 * Guards POST /locations before the catalog's own router sees it: a `file` target must be a
 * file inside the repositories folder. The body is parsed here and marked as parsed, the way
 * body-parser does, so the catalog's JSON parser uses it instead of reading the stream again.
 */
export function fileLocationGuard(options: {
  enabled: boolean;
  directory: string;
}): Handler {
  return async (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/locations') {
      next();
      return;
    }
    const type = (req.headers['content-type'] ?? '').toString();
    if (!type.includes('json')) {
      next();
      return;
    }
    let body: any;
    try {
      body = (req as any)._body ? req.body : await readJsonBody(req);
    } catch {
      res
        .status(400)
        .json({ error: { name: 'InputError', message: 'invalid JSON body' } });
      return;
    }
    req.body = body;
    (req as any)._body = true;
    if (body?.type !== 'file') {
      next();
      return;
    }
    const ok =
      options.enabled &&
      typeof body.target === 'string' &&
      (await isInsideRepositories(body.target, options.directory));
    if (!ok) {
      res
        .status(400)
        .json({
          error: { name: 'InputError', message: REFUSED_FILE_LOCATION },
        });
      return;
    }
    next();
  };
}

/**
 * Lets the catalog accept `file` locations, which pbc:catalog:register adds for repositories
 * made by pbc:publish:local. Only when `pbcScaffolder.localPublish.enabled` is true, and only
 * for files inside `pbcScaffolder.localPublish.directory`: a `file` location makes the catalog
 * read a path on the backend host. Static `catalog.locations` from config do not pass through
 * this route, so the demo `catalog/` files keep working. The keys are declared in the
 * scaffolder module's config.d.ts.
 */
export default createBackendModule({
  pluginId: 'catalog',
  moduleId: 'pbc-local-locations',
  register(reg) {
    reg.registerInit({
      deps: {
        locations: catalogLocationsExtensionPoint,
        config: coreServices.rootConfig,
        httpRouter: coreServices.httpRouter,
      },
      async init({ locations, config, httpRouter }) {
        const enabled =
          config.getOptionalBoolean('pbcScaffolder.localPublish.enabled') ??
          false;
        const directory =
          config.getOptionalString('pbcScaffolder.localPublish.directory') ??
          DEFAULT_REPOS_DIRECTORY;
        if (enabled) {
          locations.setAllowedLocationTypes(['url', 'file']);
        }
        // Modules initialise before their plugin, so this runs before the catalog's routes.
        httpRouter.use(fileLocationGuard({ enabled, directory }));
      },
    });
  },
});
