import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { PATTERNS_VERSION } from '@pbc-portal/pbc-domain';
import { pbcSummary } from '../../__testUtils__/fixtures';
import { PbcTable } from './PbcTable';

function component(name: string, templateVersion?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': name,
        ...(templateVersion
          ? { 'pbc-portal.io/template-version': templateVersion }
          : {}),
      },
    },
    spec: { type: 'service', owner: 'team', lifecycle: 'production' },
  };
}

describe('PbcTable patterns column', () => {
  it('shows each PBC’s patterns version from the catalog and marks those behind', async () => {
    const catalogApi = catalogApiMock({
      entities: [
        component('cart', PATTERNS_VERSION),
        component('order', '0.9.0'),
        component('payment'),
      ],
    });
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, catalogApi]]}>
        <PbcTable
          caption="PBCs"
          items={['cart', 'order', 'payment'].map(name => pbcSummary({ name }))}
        />
      </TestApiProvider>,
    );
    expect(
      screen.getByRole('columnheader', { name: 'Patterns' }),
    ).toBeInTheDocument();
    const rows = await screen.findAllByTestId('pbc-row');
    const cell = (i: number) => within(rows[i]).getAllByRole('cell').at(-1)!;
    expect(await within(cell(1)).findByText('0.9.0')).toBeInTheDocument();
    expect(within(cell(1)).getByText('behind')).toBeInTheDocument();
    expect(within(cell(0)).getByText(PATTERNS_VERSION)).toBeInTheDocument();
    expect(within(cell(0)).queryByText('behind')).toBeNull();
    expect(within(cell(2)).getByText('unknown')).toBeInTheDocument();
    expect(within(cell(2)).getByText('behind')).toBeInTheDocument();
  });
});
