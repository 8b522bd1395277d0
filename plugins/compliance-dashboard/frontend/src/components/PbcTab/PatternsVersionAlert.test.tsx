import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { PATTERNS_VERSION } from '@pbc-portal/pbc-domain';
import { PatternsVersionAlert, rerenderPath } from './PatternsVersionAlert';

function pbc(templateVersion?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'order',
      namespace: 'default',
      annotations: {
        'pbc-portal.io/pbc': 'order',
        ...(templateVersion
          ? { 'pbc-portal.io/template-version': templateVersion }
          : {}),
      },
    },
  };
}

describe('PatternsVersionAlert', () => {
  it('shows a PBC behind the current patterns and links to its re-render', async () => {
    await renderInTestApp(<PatternsVersionAlert entity={pbc('0.9.0')} />);
    expect(
      screen.getByText(`Patterns 0.9.0 — behind ${PATTERNS_VERSION}`),
    ).toBeInTheDocument();
    expect(screen.getByText('Re-render').closest('a')).toHaveAttribute(
      'href',
      rerenderPath(pbc('0.9.0')),
    );
    expect(decodeURIComponent(rerenderPath(pbc()))).toBe(
      '/create/templates/default/pbc-rerender?formData={"entity":"component:default/order"}',
    );
  });

  it('says nothing for a PBC on the current patterns', async () => {
    await renderInTestApp(
      <PatternsVersionAlert entity={pbc(PATTERNS_VERSION)} />,
    );
    expect(screen.queryByText('Re-render')).toBeNull();
  });
});
