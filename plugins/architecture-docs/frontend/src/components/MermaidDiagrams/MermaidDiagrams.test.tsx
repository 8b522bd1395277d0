import { ReactNode, useState } from 'react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  TechDocsReaderPageProvider,
  techdocsApiRef,
  useTechDocsReaderPage,
} from '@backstage/plugin-techdocs-react';
import { ThemeProvider, createTheme } from '@material-ui/core/styles';
import mermaid from 'mermaid';
import { MermaidDiagrams } from './MermaidDiagrams';

jest.mock('mermaid', () => ({
  __esModule: true,
  default: { initialize: jest.fn(), render: jest.fn() },
}));

const mockMermaid = mermaid as unknown as {
  initialize: jest.Mock;
  render: jest.Mock;
};

// What mkdocs builds from a ```mermaid fence: the text is HTML-escaped inside <code>. The
// label looks like markup on purpose: it must reach mermaid as text and never become an img.
const DIAGRAM = 'flowchart LR\n  A["<img src=x onerror=alert(1)>"] --> B';
const escaped = DIAGRAM.replace(/&/g, '&amp;')
  .replace(/</g, '&lt;')
  .replace(/>/g, '&gt;');

function createTechDocsShadowRoot() {
  const host = document.createElement('div');
  document.body.appendChild(host);
  const shadowRoot = host.attachShadow({ mode: 'open' });
  const page = document.createElement('div');
  // The fixture is the built HTML of a TechDocs page, as the reader puts it in its shadow root.
  page.innerHTML = [
    '<article class="md-content">',
    '<h1>SQS and SNS</h1>',
    // The reader's copy-to-clipboard transformer prepends a button container to every <pre>.
    `<pre class="mermaid"><div><button>Copy</button></div><code>${escaped}</code></pre>`,
    '<pre><code>not a diagram</code></pre>',
    '</article>',
  ].join('');
  shadowRoot.appendChild(page);
  return shadowRoot;
}

// Hands the shadow root to the reader context the way the TechDocs reader does, and mounts
// the addon once it is there.
function WithShadowRoot(props: {
  shadowRoot: ShadowRoot;
  children: ReactNode;
}) {
  const { shadowRoot, setShadowRoot } = useTechDocsReaderPage();
  if (!shadowRoot) {
    setTimeout(() => setShadowRoot(props.shadowRoot));
    return null;
  }
  return <>{props.children}</>;
}

const techdocsApi = {
  getTechDocsMetadata: jest
    .fn()
    .mockResolvedValue({ site_name: 'series', site_description: '' }),
  getEntityMetadata: jest.fn().mockResolvedValue({}),
};

function renderAddon(shadowRoot: ShadowRoot, wrap = (n: ReactNode) => n) {
  return renderInTestApp(
    <TechDocsReaderPageProvider
      entityRef={{
        kind: 'component',
        namespace: 'default',
        name: 'architecture-docs',
      }}
    >
      <WithShadowRoot shadowRoot={shadowRoot}>
        {wrap(<MermaidDiagrams />)}
      </WithShadowRoot>
    </TechDocsReaderPageProvider>,
    { apis: [[techdocsApiRef, techdocsApi]] },
  );
}

const svgFor = (id: string, label: string) =>
  `<svg id="${id}" xmlns="http://www.w3.org/2000/svg" role="img"><g><text>${label}</text></g></svg>`;

describe('MermaidDiagrams', () => {
  beforeEach(() => {
    mockMermaid.initialize.mockReset();
    mockMermaid.render.mockReset();
    mockMermaid.render.mockImplementation(async (id: string) => ({
      svg: svgFor(id, 'rendered diagram'),
    }));
  });

  it('replaces the content of each mermaid block with the SVG mermaid renders from its text', async () => {
    const shadowRoot = createTechDocsShadowRoot();
    renderAddon(shadowRoot);

    const pre = shadowRoot.querySelector<HTMLElement>('pre.mermaid')!;
    await waitFor(() => expect(pre.querySelector('svg')).not.toBeNull());

    expect(mockMermaid.render).toHaveBeenCalledTimes(1);
    expect(mockMermaid.render).toHaveBeenCalledWith(
      expect.stringMatching(/^pbc-mermaid-\d+$/),
      DIAGRAM,
    );
    expect(mockMermaid.initialize).toHaveBeenCalledWith(
      expect.objectContaining({
        startOnLoad: false,
        securityLevel: 'strict',
        theme: 'default',
      }),
    );
    // The element now holds the SVG and nothing else: no code, no copy button.
    expect(pre.children).toHaveLength(1);
    expect(pre.firstElementChild?.tagName.toLowerCase()).toBe('svg');
    expect(pre.textContent).toBe('rendered diagram');
    expect(pre.getAttribute('data-mermaid')).toBe('rendered');
    // The markup-like label was never interpreted as HTML anywhere in the page.
    expect(shadowRoot.querySelector('img')).toBeNull();
    // Other code blocks are left alone.
    expect(
      shadowRoot.querySelector('pre:not(.mermaid) code'),
    ).toHaveTextContent('not a diagram');
  });

  it('uses the dark Mermaid theme with a dark Backstage palette', async () => {
    const shadowRoot = createTechDocsShadowRoot();
    const dark = createTheme({ palette: { type: 'dark' } });
    renderAddon(shadowRoot, node => (
      <ThemeProvider theme={dark}>{node}</ThemeProvider>
    ));

    await waitFor(() => expect(mockMermaid.render).toHaveBeenCalled());
    expect(mockMermaid.initialize).toHaveBeenCalledWith(
      expect.objectContaining({ theme: 'dark', securityLevel: 'strict' }),
    );
  });

  it('renders again from the original text when the theme changes', async () => {
    const shadowRoot = createTechDocsShadowRoot();
    const light = createTheme({ palette: { type: 'light' } });
    const dark = createTheme({ palette: { type: 'dark' } });
    function Switchable(props: { children: ReactNode }) {
      const [isDark, setDark] = useState(false);
      return (
        <>
          <button onClick={() => setDark(true)}>go dark</button>
          <ThemeProvider theme={isDark ? dark : light}>
            {props.children}
          </ThemeProvider>
        </>
      );
    }
    renderAddon(shadowRoot, node => <Switchable>{node}</Switchable>);

    const pre = shadowRoot.querySelector<HTMLElement>('pre.mermaid')!;
    await waitFor(() => expect(pre.querySelector('svg')).not.toBeNull());
    mockMermaid.render.mockImplementation(async (id: string) => ({
      svg: svgFor(id, 'dark diagram'),
    }));

    fireEvent.click(await screen.findByRole('button', { name: 'go dark' }));

    await waitFor(() => expect(pre).toHaveTextContent('dark diagram'));
    expect(mockMermaid.render).toHaveBeenCalledTimes(2);
    expect(mockMermaid.render.mock.calls[1][1]).toBe(DIAGRAM);
    expect(mockMermaid.initialize).toHaveBeenLastCalledWith(
      expect.objectContaining({ theme: 'dark' }),
    );
  });

  it('keeps the diagram text and explains when mermaid cannot render it', async () => {
    mockMermaid.render.mockRejectedValue(new Error('Parse error on line 2'));
    const shadowRoot = createTechDocsShadowRoot();
    renderAddon(shadowRoot);

    const pre = shadowRoot.querySelector<HTMLElement>('pre.mermaid')!;
    await waitFor(() => expect(pre.getAttribute('data-mermaid')).toBe('error'));
    expect(pre.querySelector('code')?.textContent).toBe(DIAGRAM);
    expect(shadowRoot.querySelector('[role="note"]')).toHaveTextContent(
      'This diagram could not be rendered: Parse error on line 2',
    );
    expect(shadowRoot.querySelector('img')).toBeNull();
  });
});
