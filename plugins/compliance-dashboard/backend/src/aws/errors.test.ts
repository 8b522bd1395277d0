import {
  describeAwsError,
  isMalformedResponse,
  MalformedResponseError,
} from './errors';

describe('describeAwsError', () => {
  it('keeps the name and first line, without credentials', () => {
    const error = Object.assign(
      new Error(
        'The security token LOCAL111111111111 is invalid. Credential=AKIAABCDEFGHIJKLMNOP/20251125/eu-west-1/config/aws4_request\nsecond line',
      ),
      {
        name: 'UnrecognizedClientException',
        $metadata: { httpStatusCode: 400 },
      },
    );
    const text = describeAwsError(error);
    expect(text).toMatch(
      /^UnrecognizedClientException: The security token \*\*\* is invalid/,
    );
    expect(text).toContain('Credential=***');
    expect(text).toContain('(HTTP 400)');
    expect(text).not.toContain('AKIA');
    expect(text).not.toContain('LOCAL1111');
    expect(text).not.toContain('second line');
  });

  it('recognises malformed responses', () => {
    expect(isMalformedResponse(new MalformedResponseError('X', 'y'))).toBe(
      true,
    );
    expect(isMalformedResponse(new SyntaxError('Unexpected token'))).toBe(true);
    expect(
      isMalformedResponse(
        new Error('x\n  Deserialization error: to see the raw response'),
      ),
    ).toBe(true);
    expect(
      isMalformedResponse(
        Object.assign(new Error('no'), { name: 'AccessDeniedException' }),
      ),
    ).toBe(false);
  });
});
