import { ResponseError } from '@backstage/errors';

function statusOf(error: unknown): number | undefined {
  if (ResponseError.is(error)) return error.statusCode;
  const name = (error as { name?: string } | undefined)?.name;
  if (name === 'NotAllowedError') return 403;
  if (name === 'NotFoundError') return 404;
  return undefined;
}

/** The backend refused the caller (HTTP 403). */
export function isForbidden(error: unknown): boolean {
  return statusOf(error) === 403;
}

/** The backend has nothing under that name (HTTP 404). */
export function isNotFound(error: unknown): boolean {
  return statusOf(error) === 404;
}

/** The server's own message when it sent one, else the client's. */
export function serverMessage(error: Error): string {
  return ResponseError.is(error) ? error.cause.message : error.message;
}
