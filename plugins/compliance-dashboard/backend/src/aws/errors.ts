/**
 * A response that parsed but does not have the shape the API documents.
 * Treated like a response that did not parse: retried, then the account and
 * Region fails.
 */
export class MalformedResponseError extends Error {
  constructor(operation: string, detail: string) {
    super(`Malformed ${operation} response: ${detail}`);
    this.name = 'MalformedResponseError';
  }
}

/** True for a response body the SDK (or we) could not make sense of. */
export function isMalformedResponse(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  return (
    error.name === 'MalformedResponseError' ||
    error.name === 'SyntaxError' ||
    error.message.includes('Deserialization error')
  );
}

const CREDENTIAL_PATTERNS: RegExp[] = [
  // Access key ids (AKIA/ASIA/... and the local endpoint's LOCAL<account>).
  /\b(?:AKIA|ASIA|AIDA|AROA|LOCAL)[A-Z0-9]{8,}\b/g,
  // Signatures and session tokens in echoed headers.
  /(Signature|X-Amz-Security-Token|X-Amz-Signature|Credential)=[^\s,&"]+/gi,
];

/**
 * The message of an AWS error as we store and show it: the error name and
 * message, one line, without anything that looks like a credential.
 */
export function describeAwsError(error: unknown): string {
  let text: string;
  if (error instanceof Error) {
    const firstLine = error.message.split('\n')[0].trim();
    text =
      firstLine && !firstLine.startsWith(error.name)
        ? `${error.name}: ${firstLine}`
        : firstLine || error.name;
    const status = (error as { $metadata?: { httpStatusCode?: number } })
      .$metadata?.httpStatusCode;
    if (status && status >= 400) {
      text += ` (HTTP ${status})`;
    }
  } else {
    text = String(error);
  }
  for (const pattern of CREDENTIAL_PATTERNS) {
    text = text.replace(pattern, match =>
      match.includes('=') ? `${match.split('=')[0]}=***` : '***',
    );
  }
  return text.length > 500 ? `${text.slice(0, 497)}...` : text;
}
