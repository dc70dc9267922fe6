/**
 * The error tree, the same as the Python SDK's: every error the SDK throws is an SDKError.
 */

/** The base of every error this SDK throws. */
export class SDKError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An argument the API would refuse, found before anything is sent. */
export class InvalidParameterError extends SDKError {
  readonly parameter: string;
  readonly value: unknown;

  constructor(message: string, parameter: string, value: unknown) {
    super(message);
    this.parameter = parameter;
    this.value = value;
  }
}

/** The operation needs a credential that was neither passed nor set in the environment. */
export class MissingCredentialsError extends SDKError {}

/** The request could not be sent, or no response came back. */
export class APIConnectionError extends SDKError {}

/** No response came back in time (the per-call or the client's timeout). */
export class APITimeoutError extends APIConnectionError {}

/** The call was aborted through its AbortSignal. */
export class APIAbortError extends APIConnectionError {}

/** A successful response whose body is not what the operation declares. */
export class ResponseValidationError extends SDKError {
  readonly status: number;
  readonly body: string;

  constructor(message: string, status: number, body: string) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The server answered with a status outside 2xx. */
export class APIStatusError extends SDKError {
  readonly status: number;
  readonly headers: Headers;
  readonly body: string;
  readonly requestId: string | null;

  constructor(message: string, status: number, headers: Headers, body: string) {
    super(message);
    this.status = status;
    this.headers = headers;
    this.body = body;
    this.requestId =
      headers.get("x-request-id") ?? headers.get("request-id") ?? null;
  }

  /** The body parsed as JSON, or undefined when it is not JSON. */
  json(): unknown {
    try {
      return JSON.parse(this.body) as unknown;
    } catch {
      return undefined;
    }
  }
}

export class BadRequestError extends APIStatusError {}
export class AuthenticationError extends APIStatusError {}
export class PermissionDeniedError extends APIStatusError {}
export class NotFoundError extends APIStatusError {}
export class ConflictError extends APIStatusError {}
export class UnprocessableEntityError extends APIStatusError {}
export class RateLimitError extends APIStatusError {}
export class InternalServerError extends APIStatusError {}

const BY_STATUS: Record<number, typeof APIStatusError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/** The error for a response with `status`: the most specific class of the tree. */
export function statusError(
  operation: string,
  method: string,
  url: string,
  status: number,
  headers: Headers,
  body: string,
): APIStatusError {
  const kind =
    BY_STATUS[status] ?? (status >= 500 ? InternalServerError : APIStatusError);
  const message = `${operation}: ${method} ${url} returned ${status}`;
  return new kind(message, status, headers, body);
}
