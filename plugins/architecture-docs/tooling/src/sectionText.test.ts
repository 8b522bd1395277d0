import { markdownToText, sectionText } from './sectionText';

const article = [
  '# Title',
  '',
  '## First part',
  '',
  'Before.',
  '',
  '## Dead-letter queues as revenue alerts',
  '',
  'A **DLQ** per queue; see [Retries](05-elasticity.md#retries) and `pbc-<name>_dlq`.',
  '',
  '```bash',
  '# not a heading',
  'aws sqs list-queues',
  '```',
  '',
  '### Alarms',
  '',
  'Page the _owning_ team.',
  '',
  '--8<-- "snippets/pbc-sqs-queue.ts"',
  '',
  '## Next part',
  '',
  'After.',
].join('\n');

describe('sectionText', () => {
  it('returns the section under the anchored heading, sub-sections included, up to the next heading of its level', () => {
    const section = sectionText(
      article,
      'dead-letter-queues-as-revenue-alerts',
    );
    expect(section?.heading).toBe('Dead-letter queues as revenue alerts');
    expect(section?.text).toBe(
      [
        'A DLQ per queue; see Retries and `pbc-<name>_dlq`.',
        '',
        '```bash',
        '# not a heading',
        'aws sqs list-queues',
        '```',
        '',
        '### Alarms',
        '',
        'Page the owning team.',
      ].join('\n'),
    );
  });

  it('runs to the end of the article for its last section', () => {
    expect(sectionText(article, 'next-part')).toEqual({
      heading: 'Next part',
      text: 'After.',
    });
  });

  it('is undefined for an anchor no heading has (a heading in code does not count)', () => {
    expect(sectionText(article, 'missing')).toBeUndefined();
    expect(sectionText(article, 'not-a-heading')).toBeUndefined();
  });
});

describe('markdownToText', () => {
  it('keeps link words and drops targets, leaves code fences alone', () => {
    expect(markdownToText('[a](b.md) ![img](x.png)\n```\n[c](d)\n```')).toBe(
      'a img\n```\n[c](d)\n```',
    );
  });
});
