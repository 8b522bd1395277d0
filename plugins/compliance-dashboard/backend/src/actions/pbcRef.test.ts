import { z } from 'zod/v3';
import { parsePbcRef, pbcRefField } from './pbcRef';

describe('pbc input', () => {
  it.each([
    ['cart', { namespace: 'default', name: 'cart' }],
    ['team-a/cart', { namespace: 'team-a', name: 'cart' }],
    [
      'component:default/cart',
      { kind: 'component', namespace: 'default', name: 'cart' },
    ],
    [' cart ', { namespace: 'default', name: 'cart' }],
  ])('reads %j', (value, expected) => {
    expect(pbcRefField(z).safeParse(value).success).toBe(true);
    expect(parsePbcRef(value)).toEqual(expected);
  });

  it.each(['', 'a b', 'x/y/z', '../cart', 'component:', ':default/cart'])(
    'rejects %j',
    value => {
      expect(pbcRefField(z).safeParse(value).success).toBe(false);
    },
  );
});
