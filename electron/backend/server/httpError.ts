/** A refusal the server answers with an HTTP status and a `transport/<code>` error Result. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}
