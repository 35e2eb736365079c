/**
 * The legal calendar in the web app: `GET /api/holidays?year=Y` for everyone signed in (the days, their sources,
 * whether the year is an estimate and by which rule), and for admins the changes — `POST /api/holidays` (one day,
 * a swap with its make-up day), `DELETE /api/holidays/:date`, `POST /api/holidays/import` (a year's schedule, all or
 * nothing), `GET /api/holidays/changes` (the audit) — and the page `/admin/holidays` with the same forms. Refusals
 * answer 422 with `{ errors: [{ path, message }] }`; nothing is stored then. Changes go through the same service as
 * the CLI (src/services/holiday-service.ts): running deadlines move and coordinators are told.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  calendarEntriesOfYear,
  calendarSources,
  estimateRuleText,
  isEstimatedYear,
} from '../../domain/holiday-calendar';
import { changeHolidays, type HolidayAction } from '../../services/holiday-service';
import { retargetPendingChanges } from '../../services/holiday-retarget';
import { listHolidayChanges, listStoredHolidays } from '../../services/holiday-store';
import { assertCsrf } from '../auth';
import { ADMIN, READER } from '../access';
import type { WebContext } from '../context';
import { httpErrorOf, parseOr422 } from '../http-errors';
import { COMMON, type RouteRegistry } from '../route-registry';
import { AnyObject, isoDate } from '../schemas/common';

const CalendarYear = z.coerce
  .number({ error: 'năm phải là số / year must be a number' })
  .int('năm phải là số nguyên / year must be an integer')
  .min(2013, 'năm từ 2013 đến 2199 / year 2013–2199')
  .max(2199, 'năm từ 2013 đến 2199 / year 2013–2199');
const YearQuery = z.object({ year: CalendarYear });
const PageQuery = z.object({
  year: CalendarYear.optional(),
  ok: z.string().max(300).optional(),
  error: z.string().max(2000).optional(),
});
const DateParams = z.object({ date: isoDate });
/** Checked field by field by the service (`<field>: <message>`, as in the CLI); only the shape is fixed here. */
const SetBody = z.looseObject({ date: z.string().optional() }).meta({ id: 'HolidaySet' });
const ImportBody = z.looseObject({ year: z.unknown().optional() }).meta({ id: 'HolidayYearSchedule' });

function yearView(year: number) {
  const estimate = isEstimatedYear(year);
  return {
    year,
    estimate,
    rule: estimate ? estimateRuleText(year) : null,
    items: calendarEntriesOfYear(year),
    sources: calendarSources(year),
  };
}

export function registerHolidayRoutes(app: FastifyInstance, api: RouteRegistry, ctx: WebContext): void {
  const deps = { prisma: ctx.prisma, temporal: ctx.deps.temporal, taskQueue: ctx.deps.taskQueue };
  const change = (actor: string, action: HolidayAction) => changeHolidays(deps, actor, action);

  api.route({
    method: 'GET',
    url: '/api/holidays',
    summary: 'The non-working days of a year with their sources, and whether the year is an estimate (and its rule)',
    query: YearQuery,
    ...ctx.guard(READER),
    responses: { 200: { description: 'The year', schema: AnyObject }, 401: COMMON[401], 422: COMMON[422] },
    handler: async ({ query }) => yearView(query.year),
  });

  api.route({
    method: 'GET',
    url: '/api/holidays/changes',
    summary: 'The calendar audit (admins): who changed which dates, when, before and after, and what it moved',
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'Newest first', schema: z.object({ changes: z.array(AnyObject) }) },
      401: COMMON[401],
      403: COMMON[403],
    },
    handler: async () => ({ changes: await listHolidayChanges(ctx.prisma) }),
  });

  api.route({
    method: 'POST',
    url: '/api/holidays',
    summary: 'Store an official day (admins): a day off with its make-up day (a swap), a holiday, or a working day',
    body: SetBody,
    ...ctx.guard(ADMIN),
    responses: {
      201: { description: 'Stored; the running deadlines it moves were re-targeted', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }, req, reply) =>
      reply.status(201).send(await change(req.auth!.email, { type: 'set', input: body })),
  });

  api.route({
    method: 'DELETE',
    url: '/api/holidays/:date',
    summary: 'Remove a stored day and its swap partner (admins); the shipped calendar applies again',
    params: DateParams,
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'Removed', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ params }, req) => change(req.auth!.email, { type: 'remove', date: params.date }),
  });

  api.route({
    method: 'POST',
    url: '/api/holidays/import',
    summary: "Import a year's official schedule (admins), all or nothing: it replaces that year's stored entries",
    body: ImportBody,
    ...ctx.guard(ADMIN),
    responses: {
      201: { description: 'Imported', schema: AnyObject },
      401: COMMON[401],
      403: COMMON[403],
      422: COMMON[422],
    },
    handler: async ({ body }, req, reply) =>
      reply.status(201).send(await change(req.auth!.email, { type: 'import', schedule: body })),
  });

  api.route({
    method: 'POST',
    url: '/api/holidays/retarget',
    summary:
      'Finish re-targeting (admins): the running deadlines of calendar changes left half done (Temporal unreachable)',
    ...ctx.guard(ADMIN),
    responses: {
      200: { description: 'What each finished change moved', schema: z.object({ finished: z.array(AnyObject) }) },
      401: COMMON[401],
      403: COMMON[403],
    },
    handler: async () => ({ finished: await retargetPendingChanges(deps) }),
  });

  const page = '/admin/holidays';
  app.get(page, ctx.guard(ADMIN), async (req, reply) => {
    const q = parseOr422(PageQuery, req.query ?? {});
    const year = q.year ?? Number(new Date(ctx.now().getTime() + 7 * 3600_000).toISOString().slice(0, 4));
    const [stored, changes] = await Promise.all([
      listStoredHolidays(ctx.prisma, year),
      listHolidayChanges(ctx.prisma, 20),
    ]);
    return reply.type('text/html; charset=utf-8').send(
      ctx.render('holidays', {
        user: req.auth,
        mailbox: ctx.mailbox,
        ...yearView(year),
        prev: year - 1,
        next: year + 1,
        stored,
        changes: changes.map((c) => ({
          ...c,
          moved: Array.isArray(c.moved) ? c.moved.length : 0,
          pending: c.retargetedAt === null,
        })),
        pending: changes.some((c) => c.retargetedAt === null),
        ok: q.ok,
        errors: q.error?.split('\n'),
      }),
    );
  });

  // The page's forms: the same service, then back to the page (303) with what happened.
  app.post(`${page}/:action`, ctx.guard(ADMIN), async (req, reply) => {
    const { action } = parseOr422(z.object({ action: z.enum(['set', 'remove', 'retarget']) }), req.params);
    const fields = Object.fromEntries(
      Object.entries((req.body ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'string' && v !== ''),
    ) as Record<string, string>;
    assertCsrf(req.auth!, fields._csrf);
    const { _csrf, year, ...input } = fields;
    const back = `${page}?year=${encodeURIComponent(year ?? input.date?.slice(0, 4) ?? '')}`;
    try {
      if (action === 'retarget') {
        const done = await retargetPendingChanges(deps);
        const ok = `Đã dời xong ${done.length} thay đổi; ${done.reduce((n, r) => n + r.moved.length, 0)} hạn đang mở được dời.`;
        return reply.redirect(`${back}&ok=${encodeURIComponent(ok)}`, 303);
      }
      const r = await change(
        req.auth!.email,
        action === 'set' ? { type: 'set', input } : { type: 'remove', date: input.date ?? '' },
      );
      const ok = `Đã lưu thay đổi số ${r.change.id}; ${r.retarget.moved.length} hạn đang mở được dời.`;
      return reply.redirect(`${back}&ok=${encodeURIComponent(ok)}`, 303);
    } catch (raw) {
      const err = httpErrorOf(raw);
      // 503: stored, but not every running deadline moved yet; the page offers to finish it.
      if (err?.statusCode !== 422 && err?.statusCode !== 503) throw raw;
      const message = (err.errors ?? []).map((e) => `${e.path}: ${e.message}`).join('\n');
      return reply.redirect(`${back}&error=${encodeURIComponent(message.slice(0, 2000))}`, 303);
    }
  });
}
