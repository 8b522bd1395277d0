import { countWords } from './wordCount';

describe('countWords', () => {
  it('counts the words of prose, headings and list items', () => {
    expect(
      countWords('# A title\n\nOne two three.\n\n- four\n- five six'),
    ).toBe(8);
  });

  it('leaves out fenced code and diagrams', () => {
    const markdown = [
      'Before the fence.',
      '```mermaid',
      'flowchart LR',
      '  A --> B',
      '```',
      '~~~yaml',
      'key: value',
      '~~~',
      'After it.',
    ].join('\n');
    expect(countWords(markdown)).toBe(5);
  });

  it('keeps the visible text of links and images, not their targets', () => {
    expect(
      countWords('See [the VPC article](04-vpc-design.md#the-payment-subnet).'),
    ).toBe(4);
    expect(countWords('![A diagram of subnets](img/subnets.png)')).toBe(4);
  });

  it('ignores table rules, markdown punctuation and HTML', () => {
    const table = '| Control | Title |\n| --- | --- |\n| PBC-MSG-01 | DLQ |';
    expect(countWords(table)).toBe(4);
    expect(countWords('<!-- hidden note --> **bold** <br/> _word_ —')).toBe(2);
  });

  it('counts inline code as words', () => {
    expect(
      countWords('Set `VisibilityTimeout` to six times the timeout.'),
    ).toBe(7);
  });
});
