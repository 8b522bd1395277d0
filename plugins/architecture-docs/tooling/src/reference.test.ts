import fs from 'node:fs';
import path from 'node:path';
import { renderControlsReference } from './reference';
import { CONTROLS } from '@pbc-portal/pbc-domain';

const page = path.resolve(__dirname, '../../docs/controls.md');

describe('renderControlsReference', () => {
  const rendered = renderControlsReference();

  it('lists every control with a link to its article section', () => {
    for (const control of CONTROLS) {
      expect(rendered).toContain(`**${control.id}**`);
      expect(rendered).toContain(
        `(${control.guidance.article}.md#${control.guidance.anchor})`,
      );
    }
  });

  it('is what docs/controls.md holds (regenerate with yarn generate)', () => {
    expect(fs.readFileSync(page, 'utf8')).toBe(rendered);
  });
});
