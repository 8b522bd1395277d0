import type { MermaidConfig } from 'mermaid';

/** What the docs' ```mermaid fences build to (pymdownx.superfences `fence_code_format`). */
export const MERMAID_SELECTOR = 'pre.mermaid';

/** The Mermaid theme that follows the Backstage palette type. */
export type MermaidTheme = 'default' | 'dark';

/** The part of the mermaid API this addon uses; tests swap it. */
export interface MermaidRenderer {
  initialize(config: MermaidConfig): void;
  render(id: string, text: string): Promise<{ svg: string }>;
}

interface DiagramState {
  /** The diagram text, read once before the element's content is replaced. */
  source: string;
  /** The theme of the last render requested for the element. */
  requested?: MermaidTheme;
}

// TechDocs builds new elements on every navigation, so per-element state dies with them.
const diagrams = new WeakMap<HTMLElement, DiagramState>();
// mermaid.initialize is global and render is not re-entrant: one render at a time.
let queue: Promise<void> = Promise.resolve();
let nextId = 0;

// Loaded on first use: pages without diagrams never download mermaid.
const loadMermaid = async (): Promise<MermaidRenderer> =>
  (await import('mermaid')).default;

function stateOf(element: HTMLElement): DiagramState {
  let state = diagrams.get(element);
  if (!state) {
    // Read as text: the diagram source is never parsed as HTML.
    const code = element.querySelector('code') ?? element;
    state = { source: code.textContent ?? '' };
    diagrams.set(element, state);
  }
  return state;
}

/**
 * Puts the SVG mermaid produced into `element`, replacing what was there. Mermaid sanitises
 * its output in `strict` mode; scripts and event-handler or `javascript:` attributes are
 * dropped here as well, and anything that is not a single SVG is refused.
 */
export function insertSvg(element: HTMLElement, svg: string): void {
  const parsed = new DOMParser().parseFromString(svg, 'text/html');
  const root = parsed.body.firstElementChild;
  if (!root || root.tagName.toLowerCase() !== 'svg') {
    throw new Error('Mermaid did not return an SVG');
  }
  root.querySelectorAll('script').forEach(node => node.remove());
  for (const node of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attribute of Array.from(node.attributes)) {
      if (
        /^on/i.test(attribute.name) ||
        /^\s*javascript:/i.test(attribute.value)
      ) {
        node.removeAttribute(attribute.name);
      }
    }
  }
  element.replaceChildren(element.ownerDocument.importNode(root, true));
  element.setAttribute('data-mermaid', 'rendered');
  element.style.background = 'transparent';
  element.style.textAlign = 'center';
}

function showError(element: HTMLElement, error: unknown): void {
  element.setAttribute('data-mermaid', 'error');
  const note = element.ownerDocument.createElement('p');
  note.setAttribute('role', 'note');
  note.textContent = `This diagram could not be rendered: ${
    error instanceof Error ? error.message : String(error)
  }`;
  element.after(note);
}

/**
 * Renders the Mermaid diagrams among `elements` with `theme`: each element once, and again
 * when the theme changes. Resolves when the renders it queued are done.
 */
export function renderDiagrams(
  elements: HTMLElement[],
  theme: MermaidTheme,
  options: { fontFamily?: string; load?: () => Promise<MermaidRenderer> } = {},
): Promise<void> {
  const pending = elements.filter(element => {
    const state = stateOf(element);
    if (state.requested === theme) {
      return false;
    }
    state.requested = theme;
    return true;
  });
  if (pending.length === 0) {
    return queue;
  }
  const load = options.load ?? loadMermaid;
  queue = queue.then(async () => {
    let mermaid: MermaidRenderer;
    try {
      mermaid = await load();
    } catch (error) {
      pending.forEach(element => showError(element, error));
      return;
    }
    mermaid.initialize({
      startOnLoad: false,
      securityLevel: 'strict',
      suppressErrorRendering: true,
      theme,
      ...(options.fontFamily ? { fontFamily: options.fontFamily } : {}),
    });
    for (const element of pending) {
      const state = stateOf(element);
      // A newer theme was requested while this one waited: that render will do it.
      if (state.requested !== theme) {
        continue;
      }
      try {
        nextId += 1;
        const { svg } = await mermaid.render(
          `pbc-mermaid-${nextId}`,
          state.source,
        );
        insertSvg(element, svg);
      } catch (error) {
        if (element.getAttribute('data-mermaid') !== 'error') {
          showError(element, error);
        }
      }
    }
  });
  return queue;
}
