import { insertSvg, renderDiagrams } from './renderDiagrams';

const element = () => {
  const pre = document.createElement('pre');
  pre.className = 'mermaid';
  const code = document.createElement('code');
  code.textContent = 'graph TD\n  A --> B';
  pre.appendChild(code);
  return pre;
};

describe('insertSvg', () => {
  it('puts the SVG in place of the content, minus scripts and handlers', () => {
    const pre = element();
    insertSvg(
      pre,
      '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><a href="javascript:alert(1)"><text>label</text></a><script>alert(1)</script></svg>',
    );
    const svg = pre.querySelector('svg')!;
    expect(svg).not.toBeNull();
    expect(svg.getAttribute('onload')).toBeNull();
    expect(pre.querySelector('a')?.getAttribute('href')).toBeNull();
    expect(pre.querySelector('script')).toBeNull();
    expect(pre.querySelector('code')).toBeNull();
    expect(pre.textContent).toBe('label');
  });

  it('refuses anything that is not an SVG', () => {
    const pre = element();
    expect(() => insertSvg(pre, '<img src="x">')).toThrow(/SVG/);
    expect(pre.querySelector('code')).not.toBeNull();
  });
});

describe('renderDiagrams', () => {
  it('renders each element once per theme, one at a time', async () => {
    let running = 0;
    let maxRunning = 0;
    const renderer = {
      initialize: jest.fn(),
      render: jest.fn(async (id: string, _text: string) => {
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise(resolve => setTimeout(resolve, 1));
        running -= 1;
        return { svg: `<svg id="${id}"><text>${id}</text></svg>` };
      }),
    };
    const load = async () => renderer;
    const a = element();
    const b = element();

    const first = renderDiagrams([a, b], 'default', { load });
    const again = renderDiagrams([a, b], 'default', { load });
    await Promise.all([first, again]);
    expect(renderer.render).toHaveBeenCalledTimes(2);
    expect(maxRunning).toBe(1);
    expect(renderer.render.mock.calls.map(call => call[1])).toEqual([
      'graph TD\n  A --> B',
      'graph TD\n  A --> B',
    ]);

    await renderDiagrams([a], 'dark', { load });
    expect(renderer.render).toHaveBeenCalledTimes(3);
    expect(renderer.render.mock.calls[2][1]).toBe('graph TD\n  A --> B');
    expect(renderer.initialize).toHaveBeenLastCalledWith(
      expect.objectContaining({ theme: 'dark', startOnLoad: false }),
    );
  });

  it('leaves the text in place and says why when mermaid cannot load', async () => {
    const host = document.createElement('div');
    const pre = element();
    host.appendChild(pre);
    await renderDiagrams([pre], 'default', {
      load: () => Promise.reject(new Error('chunk failed')),
    });
    expect(pre.querySelector('code')).not.toBeNull();
    expect(host.textContent).toContain(
      'This diagram could not be rendered: chunk failed',
    );
  });
});
