/**
 * An error as AWS JSON 1.1 services return it: HTTP status plus a body of
 * `{"__type": ..., "message": ...}`.
 */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = type;
  }
}

export const validation = (message: string) =>
  new AwsError('ValidationException', message);

export const invalidNextToken = () =>
  new AwsError(
    'InvalidNextTokenException',
    'The nextToken provided is invalid',
  );
