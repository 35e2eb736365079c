/**
 * The errors use cases throw, in one module so the web app maps them to HTTP in one place (its error handler) and
 * the CLI to exit codes, without either knowing which service raised them.
 */

export interface FieldError {
  path: string;
  message: string;
}

/** The thing asked for does not exist (an assignment, a plan, a report, a year the plan does not cover). */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** The request conflicts with the current state (an assignment already closed, a workflow that has ended). */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

/**
 * The request was understood but the workflow's validator (or ours) refused it; the message says why. `field` names
 * the input it is about when the caller knows it, so the web app can point the form at it.
 */
export class RejectedError extends Error {
  override name = 'RejectedError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Input that fails validation, one entry per bad field (a plan file's problems, a request body). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(
    readonly errors: FieldError[],
    message = 'Dữ liệu không hợp lệ / invalid input',
  ) {
    super(message);
  }
}
