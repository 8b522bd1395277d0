// The PBC Portal backend (new backend system). Plugins of this suite are added below the
// Backstage core plugins.

import { createBackend } from '@backstage/backend-defaults';
import { preflightOrExit } from './preflight';

async function main() {
  const backend = createBackend();

  backend.add(import('@backstage/plugin-app-backend'));
  backend.add(import('@backstage/plugin-proxy-backend'));

  // scaffolder plugin
  backend.add(import('@backstage/plugin-scaffolder-backend'));
  backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
  backend.add(
    import('@backstage/plugin-scaffolder-backend-module-notifications'),
  );
  // PBC Portal: the pbc:* actions.
  backend.add(import('@pbc-portal/plugin-scaffolder-backend-module-pbc'));

  // techdocs plugin
  backend.add(import('@backstage/plugin-techdocs-backend'));

  // auth plugin
  backend.add(import('@backstage/plugin-auth-backend'));
  // See https://backstage.io/docs/backend-system/building-backends/migrating#the-auth-plugin
  // The guest provider (development only), which can also sign in as one of
  // pbcPortal.demoUsers for the two-user end-to-end test; see modules/guestWithDemoUsers.ts.
  backend.add(import('./modules/guestWithDemoUsers'));

  // catalog plugin
  backend.add(import('@backstage/plugin-catalog-backend'));
  backend.add(
    import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
  );

  // See https://backstage.io/docs/features/software-catalog/configuration#subscribing-to-catalog-errors
  backend.add(import('@backstage/plugin-catalog-backend-module-logs'));
  // The catalog accepts the file locations of locally published PBCs (only when
  // pbcScaffolder.localPublish.enabled).
  backend.add(import('./modules/localFileLocations'));

  // permission plugin
  backend.add(import('@backstage/plugin-permission-backend'));
  backend.add(import('./modules/permissionPolicy'));

  // PBC Portal: AWS Config and CloudTrail state per PBC, refreshed on a schedule.
  backend.add(import('@pbc-portal/plugin-compliance-dashboard-backend'));
  // Actions registered by the plugins in backend.actions.pluginSources, as MCP tools for
  // assistants at /api/mcp-actions/v1, run with the calling user's permissions.
  backend.add(import('@backstage/plugin-mcp-actions-backend'));

  // search plugin
  backend.add(import('@backstage/plugin-search-backend'));

  // search engine
  // See https://backstage.io/docs/features/search/search-engines
  backend.add(import('@backstage/plugin-search-backend-module-pg'));

  // search collators
  backend.add(import('@backstage/plugin-search-backend-module-catalog'));
  backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

  // user settings plugin
  backend.add(import('@backstage/plugin-user-settings-backend'));

  // notifications and signals plugins
  backend.add(import('@backstage/plugin-notifications-backend'));
  backend.add(import('@backstage/plugin-signals-backend'));

  await backend.start();
}

// A configuration that cannot work fails in seconds and names the problem.
preflightOrExit()
  .then(main)
  .catch(error => {
    // eslint-disable-next-line no-console
    console.error(error?.stack ?? String(error));
    process.exit(1);
  });
