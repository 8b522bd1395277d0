import { gzipSync } from 'node:zlib';
import {
  ReaderStateError,
  decodeConfig,
  decodeReaderState,
} from './readerState';

const target = { accountId: '111111111111', region: 'eu-west-1' };
const config = (rules: unknown[]) => ({
  resources: [],
  evaluations: [],
  rules,
  conformancePacks: [],
});

describe('kept reader state', () => {
  it('keeps rules whose optional fields are strings', () => {
    const kept = decodeConfig(
      config([
        { name: 'r1' },
        {
          name: 'r2',
          sourceOwner: 'AWS',
          sourceIdentifier: 'X',
          compliance: 'COMPLIANT',
        },
      ]),
      target,
    );
    expect(kept.rules.map(r => r.name)).toEqual(['r1', 'r2']);
  });

  it.each([
    ['a numeric source identifier', { name: 'r', sourceIdentifier: 7 }],
    ['an object as compliance', { name: 'r', compliance: {} }],
    ['no name', { sourceOwner: 'AWS' }],
  ])('refuses a rule with %s', (_, rule) => {
    expect(() => decodeConfig(config([rule]), target)).toThrow(
      new ReaderStateError('invalid rules'),
    );
  });

  it('refuses a state that unpacks to more than the limit, and reads one within it', () => {
    const body = JSON.stringify({
      format: 1,
      kind: 'account',
      pad: 'x'.repeat(4096),
    });
    const data = gzipSync(body);
    expect(() => decodeReaderState(data, 'account', 1024)).toThrow(
      /larger than 1024 bytes unpacked/,
    );
    expect(() => decodeReaderState(data, 'account', 1024)).toThrow(
      ReaderStateError,
    );
    expect(decodeReaderState(data, 'account', 8192).pad).toHaveLength(4096);
    expect(() => decodeReaderState(Buffer.from('not gzip'), 'account')).toThrow(
      /not gzip data/,
    );
  });
});
