import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to PBC Portal

The golden path for the Packaged Business Capabilities of our commerce platform.

- **Create a PBC**: the [pbc template](/create) generates a service wired to the reference
  IAM, VPC and messaging patterns and registers it in the [catalog](/).
- **Check compliance**: AWS Config and CloudTrail state per PBC, team and platform.
- **Learn the architecture**: the [architecture series](/docs/default/component/architecture-docs)
  explains every control the portal enforces.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting Started',
    description: 'Where to start in PBC Portal',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget],
});
