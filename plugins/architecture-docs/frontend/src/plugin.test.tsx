import { screen, within } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  PARTS,
  controlsForArticle,
} from '@pbc-portal/architecture-docs-tooling';
import architectureDocsPluginDefault, {
  architectureDocsPlugin,
  techDocsMermaidModule,
} from './index';
import alphaDefault from './alpha';
import { guidancePage, relatedGuidanceCard } from './plugin';
import { ARTICLE_WORD_COUNTS } from './readingTimes';
import { readingMinutes } from './guidance/learningPath';
import { rootRouteRef, techDocsEntityRouteRef } from './routes';

/** The app's binding of the series' docs route (TechDocs' entity docs page). */
const mountedRoutes = {
  '/docs/:namespace/:kind/:name': techDocsEntityRouteRef,
};

const pbcEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payment',
    annotations: {
      'pbc-portal.io/pbc': 'payment',
      'pbc-portal.io/pci-scope': 'true',
      'pbc-portal.io/data-store': 'dynamodb',
      'pbc-portal.io/publishes': 'payment-captured',
    },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'payments-team' },
};

describe('package exports', () => {
  it('exports the plugin as default and the techdocs module from ./alpha', () => {
    expect(architectureDocsPluginDefault).toBe(architectureDocsPlugin);
    expect(architectureDocsPlugin.$$type).toBe('@backstage/FrontendPlugin');
    expect(architectureDocsPlugin.pluginId).toBe('architecture-docs');
    expect(alphaDefault).toBe(techDocsMermaidModule);
    expect(techDocsMermaidModule.$$type).toBe('@backstage/FrontendModule');
    expect(techDocsMermaidModule.pluginId).toBe('techdocs');
  });
});

describe('guidance page (new frontend system)', () => {
  it('is routable at /guidance with a title and icon for the nav', () => {
    const tester = createExtensionTester(guidancePage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/guidance');
    expect(tester.get(coreExtensionData.routeRef)).toBe(rootRouteRef);
    expect(tester.get(coreExtensionData.title)).toBe('Guidance');
    expect(tester.get(coreExtensionData.icon)).toBeTruthy();
  });

  it('is in the sidebar as "Guidance" when the plugin is installed', async () => {
    renderTestApp({
      features: [architectureDocsPlugin],
      initialRouteEntries: ['/guidance'],
    });
    const nav = await screen.findByRole('navigation', { name: 'sidebar nav' });
    expect(
      await within(nav).findByRole('link', { name: 'Guidance' }),
    ).toHaveAttribute('href', '/guidance');
    expect(
      // The page is loaded lazily: on a busy 2-core CI machine that takes longer than the
      // default second.
      await screen.findByRole(
        'heading',
        { level: 2, name: /Part 1/ },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
  }, 30_000);

  it('shows the five parts in order with every article, its reading time, controls and link', async () => {
    renderInTestApp(createExtensionTester(guidancePage).reactElement(), {
      mountedRoutes,
    });

    const partHeadings = await screen.findAllByRole('heading', { level: 2 });
    expect(partHeadings.map(h => h.textContent)).toEqual(
      PARTS.map((part, i) => `Part ${i + 1}: ${part}`),
    );
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(14);

    const messaging = screen.getByRole('link', {
      name: '8. SQS and SNS: The Event-Driven Backbone',
    });
    expect(messaging).toHaveAttribute(
      'href',
      '/docs/default/component/architecture-docs/08-messaging/',
    );
    const item = messaging.closest('li')!;
    const minutes = readingMinutes(ARTICLE_WORD_COUNTS['08-messaging']);
    const controls = controlsForArticle('08-messaging').length;
    expect(item).toHaveTextContent(
      `${minutes} min read · ${controls} controls`,
    );
    expect(item).toHaveTextContent(/visibility timeout/);

    expect(
      screen.getByRole('link', { name: 'Controls reference' }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/architecture-docs/controls/',
    );
  });
});

describe('related guidance card (new frontend system)', () => {
  it('only appears on components annotated as PBCs', () => {
    const tester = createExtensionTester(relatedGuidanceCard);
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction);
    if (!filter) throw new Error('the card declares no filter function');
    expect(filter(pbcEntity)).toBe(true);
    const { annotations, ...metadata } = pbcEntity.metadata;
    expect(filter({ ...pbcEntity, metadata })).toBe(false);
    expect(filter({ ...pbcEntity, kind: 'API' })).toBe(false);
    expect(filter({ ...pbcEntity, kind: 'System' })).toBe(false);
  });

  it('lists the articles chosen from the PBC annotations, each with a reason', async () => {
    const tester = createExtensionTester(relatedGuidanceCard);
    renderInTestApp(
      <EntityProvider entity={pbcEntity}>
        {tester.reactElement()}
      </EntityProvider>,
      { mountedRoutes },
    );

    expect(await screen.findByText('Related guidance')).toBeInTheDocument();
    const links = screen.getAllByRole('link');
    expect(links.map(l => l.getAttribute('href'))).toEqual(
      [
        '04-vpc-design',
        '06-iam',
        '07-databases',
        '08-messaging',
        '12-security-architecture',
        '13-compliance',
        '14-architecture-principles',
      ].map(slug => `/docs/default/component/architecture-docs/${slug}/`),
    );
    const messaging = links[3].closest('li')!;
    expect(
      within(messaging).getByText(/payment publishes payment-captured/),
    ).toBeInTheDocument();
    expect(screen.getByText(/keeps its data in DynamoDB/)).toBeInTheDocument();
  });
});
