import { InputError } from '@backstage/errors';
import { validParameters } from '../__testUtils__/fixtures';
import { parsePbcSpec } from './parseSpec';

function messageOf(input: unknown): string {
  try {
    parsePbcSpec(input);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected parsePbcSpec to throw');
}

describe('parsePbcSpec', () => {
  it('accepts valid parameters and normalizes entity refs and defaults', () => {
    const spec = parsePbcSpec({
      ...validParameters(),
      owner: 'fulfilment-team',
      system: 'System:default/fulfilment',
      description: '  Turns carts into orders.\nAnd cancels them.  ',
      publishes: undefined,
      consumes: undefined,
      pciScope: undefined,
    });
    expect(spec).toEqual({
      ...validParameters(),
      owner: 'group:default/fulfilment-team',
      system: 'system:default/fulfilment',
      description: 'Turns carts into orders.\nAnd cancels them.',
      publishes: [],
      consumes: [],
      pciScope: false,
    });
  });

  it.each([
    [
      'uppercase name',
      { name: 'Order' },
      /^Invalid PBC parameters: name: must be a lowercase kebab-case name/,
    ],
    [
      'name with underscore',
      { name: 'gift_card' },
      /name: must be a lowercase kebab-case/,
    ],
    [
      'name with double hyphen',
      { name: 'gift--card' },
      /name: must be a lowercase kebab-case/,
    ],
    [
      'name starting with a digit',
      { name: '1order' },
      /name: must be a lowercase kebab-case/,
    ],
    [
      'too long a name',
      { name: 'a'.repeat(41) },
      /name: must be 3 to 40 characters long/,
    ],
    [
      'too short a name',
      { name: 'ab' },
      /name: must be 3 to 40 characters long/,
    ],
    [
      'name with ..',
      { name: '..' + '/etc' },
      /name: must not contain '\.\.', '\/' or '\\' \(path traversal\)/,
    ],
    ['name with a slash', { name: 'order/x' }, /name: .*path traversal/],
    ['name with a backslash', { name: 'order\\x' }, /name: .*path traversal/],
    [
      'name with a template expression',
      { name: 'a${{ secrets.token }}' },
      /name: must not contain template expressions/,
    ],
    [
      'description with ${{',
      { description: 'hi ${{ parameters.owner }}' },
      /description: must not contain template expressions/,
    ],
    [
      'description with {{',
      { description: 'hi {{ 7*7 }}' },
      /description: must not contain template expressions/,
    ],
    [
      'description with {%',
      { description: '{% raw %}x' },
      /description: must not contain template expressions/,
    ],
    [
      'description with {#',
      { description: 'a {# comment #}' },
      /description: must not contain template expressions/,
    ],
    [
      'description with a YAML key line',
      { description: 'Orders.\nowner: group:default/evil' },
      /description: must not contain a line that reads as a YAML key/,
    ],
    [
      'description with an indented YAML key line',
      { description: 'Orders.\n  annotations:' },
      /description: .*YAML key/,
    ],
    [
      'description with a document marker',
      { description: 'Orders.\n---\nkind: User' },
      /description: must not contain a YAML document marker/,
    ],
    [
      'description starting with a document end marker',
      { description: '... and more' },
      /description: .*document marker/,
    ],
    [
      'description with NUL',
      { description: 'a\u0000b' },
      /description: must not contain control/,
    ],
    [
      'description with an ANSI escape',
      { description: '\u001b[31mred' },
      /description: must not contain control/,
    ],
    [
      'description with a carriage return',
      { description: 'a\rowner: x' },
      /description: must not contain control/,
    ],
    [
      'description with a bidi override',
      { description: 'abc\u202edef' },
      /description: must not contain control or invisible/,
    ],
    [
      'description with a line separator',
      { description: 'abc\u2028owner: x' },
      /description: .*invisible/,
    ],
    [
      'empty description',
      { description: '   ' },
      /description: must be 1 to 500 characters long/,
    ],
    [
      'too long a description',
      { description: 'x'.repeat(501) },
      /description: must be 1 to 500/,
    ],
    [
      'owner on two lines',
      { owner: 'group:default/a\nkind: User' },
      /owner: must be a single line/,
    ],
    [
      'owner that is a user',
      { owner: 'user:default/guest' },
      /owner: must refer to a group, not a user/,
    ],
    [
      'malformed owner ref',
      { owner: 'group:default/' },
      /owner: must be an entity ref/,
    ],
    [
      'system that is a group',
      { system: 'group:default/checkout-team' },
      /system: must refer to a system/,
    ],
    [
      'system with a template expression',
      { system: '${{ parameters.x }}' },
      /system: must not contain template/,
    ],
    [
      'unknown data store',
      { dataStore: 'mysql' },
      /dataStore: must be one of 'none', 'dynamodb', 'aurora-postgresql'/,
    ],
    [
      'unknown exposure',
      { exposure: 'external' },
      /exposure: must be one of 'public', 'internal'/,
    ],
    [
      'pciScope as a string',
      { pciScope: 'yes' },
      /pciScope: must be true or false/,
    ],
    [
      'camelCase published event',
      { publishes: ['orderPlaced'] },
      /publishes\[0\]: must be a lowercase kebab-case event name/,
    ],
    [
      'published event with traversal',
      { publishes: ['order-placed', '../x'] },
      /publishes\[1\]: .*path traversal/,
    ],
    [
      'duplicate published events',
      { publishes: ['order-placed', 'order-placed'] },
      /publishes: must not contain duplicates/,
    ],
    [
      'published events not a list',
      { publishes: 'order-placed' },
      /publishes: must be a list of strings/,
    ],
    [
      'consumed event without producer',
      { consumes: ['order-placed'] },
      /consumes\[0\]: must be '<pbc>\.<event>'/,
    ],
    [
      'consumed event with two dots',
      { consumes: ['cart.cart.checked-out'] },
      /consumes\[0\]: must be '<pbc>\.<event>'/,
    ],
    [
      'consumed event with a YAML injection',
      { consumes: ['cart.x\nkind: User'] },
      /consumes\[0\]: must be a single line/,
    ],
    [
      'short account id',
      { awsAccountId: '12345678901' },
      /awsAccountId: must be exactly 12 digits/,
    ],
    [
      'long account id',
      { awsAccountId: '1234567890123' },
      /awsAccountId: must be exactly 12 digits/,
    ],
    [
      'non-numeric account id',
      { awsAccountId: '12345678901a' },
      /awsAccountId: must be exactly 12 digits/,
    ],
    [
      'numeric account id',
      { awsAccountId: 123456789012 },
      /awsAccountId: must be a string/,
    ],
    [
      'unknown Region',
      { awsRegion: 'eu-west-9' },
      /awsRegion: must be an AWS commercial Region code/,
    ],
    [
      'GovCloud Region',
      { awsRegion: 'us-gov-west-1' },
      /awsRegion: must be an AWS commercial Region/,
    ],
    [
      'China Region',
      { awsRegion: 'cn-north-1' },
      /awsRegion: must be an AWS commercial Region/,
    ],
    [
      'uppercase Region',
      { awsRegion: 'EU-WEST-1' },
      /awsRegion: must be an AWS commercial Region/,
    ],
  ])('refuses %s, naming the field', (_case, overrides, expected) => {
    expect(messageOf({ ...validParameters(), ...overrides })).toMatch(expected);
  });

  it('names a missing field', () => {
    const { name: _name, ...rest } = validParameters();
    expect(messageOf(rest)).toMatch(/name: is required/);
  });

  it('names an unknown parameter', () => {
    expect(messageOf({ ...validParameters(), repoUrl: 'x' })).toMatch(
      /repoUrl: unknown parameter/,
    );
  });

  it('reports every bad field at once', () => {
    const message = messageOf({
      ...validParameters(),
      name: 'Order',
      awsRegion: 'mars-1',
    });
    expect(message).toMatch(/name: /);
    expect(message).toMatch(/awsRegion: /);
  });

  it('refuses something that is not an object', () => {
    expect(messageOf('order')).toMatch(/must be an object/);
  });
});
