/** Errors a route throws to answer 4xx; the app's error handler turns them into JSON or a Vietnamese page. */
import type { z } from 'zod';
import { formatPath } from '../domain/plan-file';
import {
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RejectedError,
  type FieldError,
} from '../services/service-errors';
import { HolidayEntryError } from '../services/holiday-store';
import { RetargetError } from '../services/holiday-service';
import { ReportNotFoundError } from '../services/report-service';

export type { FieldError };

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly statusCode: number,
    message: string,
    readonly errors?: FieldError[],
  ) {
    super(message);
  }
}

export const unauthenticated = () => new HttpError(401, 'Cần đăng nhập / sign-in required');
export const forbidden = (why = 'Không có quyền thực hiện / forbidden') => new HttpError(403, why);
export const notFound = (what: string) => new HttpError(404, `Không tìm thấy ${what} / not found`);

export function invalid(errors: FieldError[]): HttpError {
  return new HttpError(422, 'Dữ liệu không hợp lệ / invalid input', errors);
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: formatPath(i.path),
    message: i.code === 'invalid_type' && i.input === undefined ? 'thiếu trường bắt buộc / required' : i.message,
  }));
}

/** Parses with `schema` or throws a 422 listing every bad field. */
export function parseOr422<S extends z.ZodType>(schema: S, value: unknown, prefix?: string): z.output<S> {
  const r = schema.safeParse(value ?? {}, { reportInput: true });
  if (r.success) return r.data;
  throw invalid(
    fieldErrors(r.error).map((e) => ({
      ...e,
      path: prefix ? (e.path === '(file)' ? prefix : `${prefix}.${e.path}`) : e.path,
    })),
  );
}

/**
 * The one mapping of service errors to HTTP, used by the app's error handler (and by the form pages that turn a
 * refusal into a message on the page): missing 404, conflicting 409, refused or invalid 422 with the field it is
 * about. Anything else is not an answer to the client (null: a 5xx).
 */
export function httpErrorOf(err: unknown): HttpError | null {
  if (err instanceof HttpError) return err;
  if (err instanceof NotFoundError || err instanceof ReportNotFoundError) return new HttpError(404, err.message);
  if (err instanceof ConflictError) return new HttpError(409, err.message);
  if (err instanceof RejectedError) return invalid([{ path: err.field ?? '(request)', message: err.message }]);
  if (err instanceof InvalidInputError) return invalid(err.errors);
  if (err instanceof HolidayEntryError)
    return invalid(err.problems.map((p) => ({ path: p.field, message: p.message })));
  // Stored, but Temporal did not take every move: the client may retry (`POST /api/holidays/retarget`).
  if (err instanceof RetargetError)
    return new HttpError(503, err.message, [{ path: 'temporal', message: err.message }]);
  return null;
}
