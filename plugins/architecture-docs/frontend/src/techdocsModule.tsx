import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { TechDocsAddonLocations } from '@backstage/plugin-techdocs-react';
import { AddonBlueprint } from '@backstage/plugin-techdocs-react/alpha';
import { MermaidDiagrams } from './components/MermaidDiagrams';

/** `addon:techdocs/mermaid`: renders ```mermaid blocks in the TechDocs reader. */
export const mermaidAddon = AddonBlueprint.make({
  name: 'mermaid',
  params: {
    name: 'Mermaid',
    location: TechDocsAddonLocations.Content,
    component: MermaidDiagrams,
  },
});

/**
 * The Mermaid addon as a module of the techdocs plugin (addons attach to the techdocs
 * plugin's `api:techdocs/addons`). Discovered through this package's `./alpha` entry point.
 *
 * @public
 */
export const techDocsMermaidModule = createFrontendModule({
  pluginId: 'techdocs',
  extensions: [mermaidAddon],
});
