import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { Entity } from '@backstage/catalog-model';
import { PARTS } from '@pbc-portal/architecture-docs-tooling';
import {
  GuidancePage,
  MermaidAddon,
  RelatedGuidanceCard,
  legacyArchitectureDocsPlugin,
} from './index';
import { Route, Routes } from 'react-router-dom';
import { legacyTechDocsEntityRouteRef } from './routes';

/** What the app's bindRoutes does for the series' docs. */
const mountedRoutes = {
  '/docs/:namespace/:kind/:name': legacyTechDocsEntityRouteRef,
};

const entity = (annotations: Record<string, string>): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'storefront', annotations },
  spec: { type: 'website', lifecycle: 'production', owner: 'web-team' },
});

describe('legacy entry points', () => {
  it('belong to the architecture-docs plugin', () => {
    expect(legacyArchitectureDocsPlugin.getId()).toBe('architecture-docs');
    expect(MermaidAddon).toBeInstanceOf(Function);
  });

  it('GuidancePage shows its header and the five parts', async () => {
    // As a legacy app mounts it: a routable extension under a route with a path.
    await renderInTestApp(
      <Routes>
        <Route path="/guidance" element={<GuidancePage />} />
      </Routes>,
      { routeEntries: ['/guidance'], mountedRoutes },
    );
    expect(
      screen.getByRole('heading', { level: 1, name: 'Guidance' }),
    ).toBeInTheDocument();
    const parts = screen.getAllByRole('heading', { level: 2 });
    expect(parts.map(h => h.textContent)).toEqual(
      PARTS.map((part, i) => `Part ${i + 1}: ${part}`),
    );
    expect(
      screen.getByRole('link', {
        name: '14. Ten Architecture Principles for Composable Commerce That Actually Scales',
      }),
    ).toHaveAttribute(
      'href',
      '/docs/default/component/architecture-docs/14-architecture-principles/',
    );
  });

  it('RelatedGuidanceCard recommends elasticity to a public PBC', async () => {
    await renderInTestApp(
      <EntityProvider
        entity={entity({
          'pbc-portal.io/pbc': 'storefront-bff',
          'pbc-portal.io/exposure': 'public',
          'pbc-portal.io/data-store': 'none',
        })}
      >
        <RelatedGuidanceCard />
      </EntityProvider>,
      { mountedRoutes },
    );
    expect(screen.getByText('Related guidance')).toBeInTheDocument();
    expect(
      screen.getAllByRole('link').map(l => l.getAttribute('href')),
    ).toEqual([
      '/docs/default/component/architecture-docs/05-elasticity/',
      '/docs/default/component/architecture-docs/06-iam/',
      '/docs/default/component/architecture-docs/14-architecture-principles/',
    ]);
    expect(
      screen.getByText(/storefront-bff takes public traffic/),
    ).toBeInTheDocument();
  });

  it('RelatedGuidanceCard names the missing annotation on other entities', async () => {
    await renderInTestApp(
      <EntityProvider entity={entity({})}>
        <RelatedGuidanceCard />
      </EntityProvider>,
      { mountedRoutes },
    );
    expect(screen.queryByText('Related guidance')).not.toBeInTheDocument();
    expect(screen.getAllByText(/pbc-portal.io\/pbc/).length).toBeGreaterThan(0);
  });
});
