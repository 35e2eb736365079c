/**
 * Assignments over the API: the agency × obligation matrix (the `status --json` item shape), one assignment's
 * history, and the coordinator's actions. Every action writes an audit row once it succeeded.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AssignmentKey } from '../domain/workflow-ids';
import { assignmentWorkflowId } from '../domain/workflow-ids';
import {
  assignmentHistory,
  excuse,
  extendDeadline,
  filterItems,
  recordPaperSubmission,
  RejectedError,
  remindNow,
  revokeLinks,
} from '../services/assignment-actions';
import { ConflictError, NotFoundError, statusItems } from '../services/assignment-service';
import { audit } from './audit';
import { ACTORS, READERS, requireRole } from './auth';
import { CODE, type WebContext } from './context';
import { HttpError, invalid, parseOr422 } from './http-errors';

const code = (what: string) => z.string().regex(CODE, `mã ${what} không hợp lệ / invalid ${what} code`);
const year = z.coerce
  .number({ error: 'năm phải là số / year must be a number' })
  .int('năm phải là số nguyên / year must be an integer')
  .min(2000, 'năm từ 2000 đến 2100 / year 2000–2100')
  .max(2100, 'năm từ 2000 đến 2100 / year 2000–2100');
const flag = z
  .enum(['true', 'false'], { error: 'phải là true hoặc false / must be true or false' })
  .transform((v) => v === 'true');
const isoDate = z.iso.date({ error: 'ngày dạng YYYY-MM-DD / date as YYYY-MM-DD' });
const text = (what: string) => z.string().trim().min(1, `cần nêu ${what} / ${what} is required`).max(2000);

export const MatrixParams = z.strictObject({ code: code('kế hoạch'), year });
export const MatrixQuery = z.strictObject({
  lateOnly: flag.optional(),
  dueThisWeek: flag.optional(),
  agency: code('cơ quan').optional(),
});
export const AssignmentParams = z.strictObject({
  plan: code('kế hoạch'),
  year,
  obligation: code('nghĩa vụ'),
  agency: code('cơ quan'),
});
export const ExtendBody = z.strictObject({ newDueDate: isoDate, reason: text('lý do') });
export const ExcuseBody = z.strictObject({ reason: text('lý do') });
export const PaperBody = z.strictObject({
  note: z.string().trim().max(2000).optional(),
  receivedOn: isoDate.optional(),
});
const Empty = z.strictObject({});

/** Known service errors as HTTP answers: missing 404, closed 409, refused by the workflow 422 (on `field`). */
export function httpErrorOf(err: unknown, field = '(request)'): unknown {
  if (err instanceof NotFoundError) return new HttpError(404, err.message);
  if (err instanceof ConflictError) return new HttpError(409, err.message);
  if (err instanceof RejectedError) return invalid([{ path: field, message: err.message }]);
  return err;
}

export function keyOf(params: unknown): AssignmentKey {
  const p = parseOr422(AssignmentParams, params);
  return { plan: p.plan, year: p.year, obligation: p.obligation, agency: p.agency };
}

export type ActionName = 'remind' | 'extend' | 'excuse' | 'paper-submission' | 'revoke-link';

/** Runs one coordinator action on an assignment and audits it. Bodies are validated by the caller. */
export async function runAction(
  ctx: WebContext,
  req: FastifyRequest,
  key: AssignmentKey,
  action: ActionName,
  body: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const actor = req.auth?.email ?? '?';
  let result: object;
  try {
    switch (action) {
      case 'remind':
        result = await remindNow(ctx.actions, key);
        break;
      case 'extend': {
        const b = parseOr422(ExtendBody, body);
        result = await extendDeadline(ctx.actions, key, { ...b, coordinator: actor });
        break;
      }
      case 'excuse': {
        const b = parseOr422(ExcuseBody, body);
        await excuse(ctx.actions, key, { reason: b.reason, coordinator: actor });
        result = { state: 'excused' };
        break;
      }
      case 'paper-submission': {
        const b = parseOr422(PaperBody, body);
        result = await recordPaperSubmission(ctx.actions, key, { ...b, coordinator: actor });
        break;
      }
      case 'revoke-link':
        parseOr422(Empty, body);
        result = await revokeLinks(ctx.actions, key);
        break;
    }
  } catch (err) {
    throw httpErrorOf(
      err,
      action === 'extend' ? 'newDueDate' : action === 'paper-submission' ? 'receivedOn' : '(request)',
    );
  }
  const { _csrf: _c, ...detail } = body;
  await audit(ctx.prisma, {
    actor,
    action,
    target: assignmentWorkflowId(key),
    detail: { ...detail, result: result },
  });
  return result as Record<string, unknown>;
}

export const ACTION_PATHS: Record<string, ActionName> = {
  remind: 'remind',
  extend: 'extend',
  excuse: 'excuse',
  submissions: 'paper-submission',
  'revoke-link': 'revoke-link',
};

export function registerAssignmentApi(app: FastifyInstance, ctx: WebContext): void {
  app.get('/api/plans/:code/years/:year/assignments', { preHandler: requireRole(READERS) }, async (req) => {
    const p = parseOr422(MatrixParams, req.params);
    const q = parseOr422(MatrixQuery, req.query);
    try {
      const items = await statusItems(ctx.prisma, { plan: p.code, year: p.year });
      return { items: filterItems(items, q, ctx.now()) };
    } catch (err) {
      throw httpErrorOf(err);
    }
  });

  const base = '/api/assignments/:plan/:year/:obligation/:agency';
  app.get(base, { preHandler: requireRole(READERS) }, async (req) => {
    try {
      const h = await assignmentHistory(ctx.prisma, keyOf(req.params));
      return { ...h, temporalUrl: temporalUrl(ctx, h.assignment.id) };
    } catch (err) {
      throw httpErrorOf(err);
    }
  });

  for (const [suffix, action] of Object.entries(ACTION_PATHS)) {
    app.post(`${base}/${suffix}`, { preHandler: requireRole(ACTORS) }, async (req, reply) => {
      const key = keyOf(req.params);
      const body = (req.body ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body))
        throw invalid([{ path: '(body)', message: 'phải là đối tượng JSON / must be a JSON object' }]);
      const result = await runAction(ctx, req, key, action, body);
      return reply.status(action === 'paper-submission' ? 201 : 200).send(result);
    });
  }
}

/** The workflow's page in the Temporal Web UI, or null when no UI URL is known. */
export function temporalUrl(ctx: WebContext, workflowId: string): string | null {
  if (!ctx.temporalUiUrl) return null;
  return `${ctx.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ctx.deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
