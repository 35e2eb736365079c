/**
 * The coordinators' pages, server-rendered in Vietnamese: sign-in (back to `?next=` afterwards), plans (upload,
 * validate, apply), a year's calendar, the cycle dashboard (agency × obligation matrix, its consolidated reports and
 * "Tổng hợp ngay"), a report's page, and an assignment's history with its actions. Forms
 * post with the session's CSRF token and answer with a redirect (303) so a reload never repeats an action.
 */
import '@fastify/multipart';
import { zaloQuotaToday } from '../../services/delivery-reports';
import '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { estimateRuleText, isEstimatedYear } from '../../domain/holiday-calendar';
import { planCalendar } from '../../domain/plan-calendar';
import { mergedRemindersText } from '../../domain/reminder-schedule';
import { assignmentHistory, filterItems } from '../../services/assignment-actions';
import { feedUrl } from '../../security/feed-link';
import { statusItems } from '../../services/assignment-service';
import { runAction, type RemindAnswer } from '../../services/coordinator-actions';
import { applyPlanAs, getPlan, listPlans, validatePlan, type ValidSummary } from '../../services/plan-queries';
import { codesFromDirectory, directoryAfterApply, planDirectoryDiff } from '../../services/plan-directory';
import { directoryDiffView, updateDirectoryAsked } from '../directory-diff-view';
import { getReport, reportsOf } from '../../services/report-queries';
import { ADMIN, coordinates, planActor, PUBLIC, READER } from '../access';
import { actorOf, assertCsrf, safeLocalPath, signIn, signOut } from '../auth';
import type { WebContext } from '../context';
import { HttpError, httpErrorOf, parseOr422 } from '../http-errors';
import { remindMessage } from '../remind-message';
import { planPageData } from '../plan-page';
import { startReportJob } from '../report-compile-job';
import { ACTIONS, actionInput, keyOf, MatrixParams, MatrixQuery } from '../schemas/assignments';
import { PlanParams } from '../schemas/plans';
import { CompileBody, ReportParams } from '../schemas/reports';
import { temporalUrl } from '../temporal-url';
import { STATE_LABELS } from '../views';
import { loadDirectorySnapshot } from '../../services/directory-store';
import { successorsOf } from '../../services/directory-reorganise';

const FLASH: Record<string, string> = {
  extend: 'Đã gia hạn.',
  excuse: 'Đã miễn nghĩa vụ cho cơ quan.',
  'paper-submission': 'Đã ghi nhận báo cáo bản giấy.',
  'revoke-link': 'Đã thu hồi các đường dẫn cũ; thư nhắc sau sẽ mang đường dẫn mới.',
};

/** `?next=` on the sign-in page; anything that is not a local path is dropped (see `safeLocalPath`). */
const SignInQuery = z.object({ next: z.string().max(2000).optional().catch(undefined) });

/** The dashboard's filters, plus what a redirect after "Tổng hợp ngay" carries back. */
const DashboardQuery = MatrixQuery.extend({
  ok: z.literal('report').optional(),
  report: ReportParams.shape.id.optional(),
  error: z.string().max(300).optional(),
});

const FORMAT_LABELS: Record<string, string> = {
  xlsx: 'Biểu tổng hợp (XLSX)',
  docx: 'Dự thảo báo cáo (DOCX)',
  csv: 'Dữ liệu (CSV)',
};

/**
 * The estimate mark of a page: set when the year (or a row's date) rests on a guessed schedule, with the rule used
 * (holiday-estimate.ts), so a coordinator sees which dates may still move when the official schedule comes out.
 */
function estimateOf(year: number, rows: ReadonlyArray<Record<string, unknown>>): { estimateRule: string | null } {
  const estimated = isEstimatedYear(year) || rows.some((r) => r.estimate === true);
  return { estimateRule: estimated ? estimateRuleText(year) : null };
}

export function registerPages(app: FastifyInstance, ctx: WebContext): void {
  /** Whether the page shows a plan's actions: an admin, or a coordinator of that plan. */
  const canActOn = async (req: FastifyRequest, plan: string) =>
    req.auth?.role === 'admin' ||
    (req.auth?.role === 'coordinator' && (await coordinates(ctx.prisma, req.auth.userId, plan)));
  const html = (reply: FastifyReply, view: string, req: FastifyRequest, data: Record<string, unknown>, status = 200) =>
    reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(ctx.render(view, { user: req.auth, mailbox: ctx.mailbox, ...data }));

  // `next` takes a signed-out coordinator back to the page asked for (the emailed report link) once signed in.
  app.get('/sign-in', ctx.guard(PUBLIC), async (req, reply) => {
    const next = safeLocalPath(SignInQuery.parse(req.query ?? {}).next);
    return req.auth ? reply.redirect(next ?? '/plans', 303) : html(reply, 'sign-in', req, { next });
  });
  app.post('/sign-in', ctx.guard(PUBLIC), async (req, reply) => {
    const { next: rawNext, ...credentials } = (req.body ?? {}) as Record<string, unknown>;
    const next = safeLocalPath(rawNext);
    try {
      await signIn(ctx.auth, req, reply, credentials);
      return reply.redirect(next ?? '/plans', 303);
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (!err || err.statusCode >= 500) throw raw;
      const email = typeof credentials.email === 'string' ? credentials.email : '';
      const message =
        err.statusCode === 422
          ? 'Hãy nhập email hợp lệ và mật khẩu.'
          : err.statusCode === 429 || err.statusCode === 503
            ? 'Quá nhiều lần đăng nhập, vui lòng thử lại sau ít phút.'
            : 'Email hoặc mật khẩu không đúng.';
      return html(reply, 'sign-in', req, { error: message, email, next }, err.statusCode);
    }
  });
  app.post('/sign-out', ctx.guard(READER), async (req, reply) => {
    await signOut(ctx.auth, req, reply);
    return reply.redirect('/sign-in', 303);
  });

  const plansPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: Record<string, unknown> = {},
    status = 200,
  ) =>
    html(
      reply,
      'plans',
      req,
      { plans: await listPlans(ctx.prisma), canApply: req.auth?.role === 'admin', ...extra },
      status,
    );

  app.get('/plans', ctx.guard(READER), async (req, reply) => plansPage(req, reply));

  app.post('/plans/upload', ctx.guard({ ...ADMIN, csrf: 'handler' }), async (req, reply) => {
    const fields: Record<string, string> = {};
    let fileText = '';
    if (!req.isMultipart()) throw new HttpError(415, 'Biểu mẫu phải gửi dạng multipart / multipart form expected');
    for await (const part of req.parts({ limits: { fileSize: 2 * 1024 * 1024, files: 1 } })) {
      if (part.type === 'file') fileText = (await part.toBuffer()).toString('utf8');
      else if (typeof part.value === 'string') fields[part.fieldname] = part.value;
    }
    assertCsrf(req.auth!, fields._csrf);
    const content = fileText.trim() !== '' ? fileText : (fields.content ?? '');
    const planDeps = {
      prisma: ctx.prisma,
      temporal: ctx.deps.temporal,
      taskQueue: ctx.deps.taskQueue,
      startsPerSecond: ctx.deps.startsPerSecond,
      now: ctx.now,
    };
    try {
      const snapshot = await loadDirectorySnapshot(ctx.prisma);
      const checked = validatePlan(content, snapshot);
      const fromDirectory = codesFromDirectory(content, snapshot);
      // Admins only here (the route's guard), who may also write the plan's new agencies into the directory.
      const updateDirectory = updateDirectoryAsked(fields);
      if (fields.action === 'apply') {
        const report = await applyPlanAs(planDeps, checked.plan, req.auth!.email);
        const { outcome } = await directoryAfterApply(
          ctx.prisma,
          req.auth!.email,
          checked.plan,
          fromDirectory,
          updateDirectory,
        );
        return await plansPage(req, reply, { applied: report, directoryWritten: outcome.written ? outcome : null });
      }
      const valid: ValidSummary = checked.summary;
      const diff = await planDirectoryDiff(ctx.prisma, checked.plan, fromDirectory);
      const directory = directoryDiffView(diff, { canWrite: true, checked: updateDirectory });
      return await plansPage(req, reply, { valid, content, directory });
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (err?.statusCode === 422) return plansPage(req, reply, { problems: err.errors, content }, 422);
      throw raw;
    }
  });

  app.get('/plans/:code', ctx.guard(READER), async (req, reply) => {
    const { code } = parseOr422(PlanParams, req.params);
    const plan = await getPlan(ctx.prisma, code);
    // Contacts' addresses are for those who run the plan; viewers see who the contacts are.
    const auth = req.auth!;
    const addresses =
      auth.role === 'admin' || (auth.role === 'coordinator' && (await coordinates(ctx.prisma, auth.userId, code)));
    const page = await planPageData(ctx.prisma, plan, { addresses });
    return html(reply, 'plan', req, { title: plan.title, plan, ...page });
  });

  app.get('/plans/:code/years/:year/calendar', ctx.guard(READER), async (req, reply) => {
    const p = parseOr422(MatrixParams, req.params);
    const plan = await getPlan(ctx.prisma, p.code);
    const rows = new Map<string, Record<string, unknown> & { agencies: number }>();
    for (const item of planCalendar(plan.definition, { year: p.year })) {
      const k = `${item.obligation}|${item.dueAt}`;
      const row = rows.get(k);
      if (row) row.agencies++;
      else
        rows.set(k, {
          title: item.obligationTitle,
          statedDate: item.statedDate,
          dueDate: item.dueDate,
          dueExplanation: item.dueExplanation,
          reminders: item.reminderSteps,
          merged: item.mergedReminders.map(mergedRemindersText),
          estimate: item.estimate,
          agencies: 1,
        });
    }
    const list = [...rows.values()];
    return html(reply, 'calendar', req, { plan, year: p.year, rows: list, ...estimateOf(p.year, list) });
  });

  app.get('/plans/:code/years/:year', ctx.guard(READER), async (req, reply) => {
    const p = parseOr422(MatrixParams, req.params);
    const { ok, report, error, ...q } = parseOr422(DashboardQuery, stripEmpty(req.query));
    const plan = await getPlan(ctx.prisma, p.code);
    const all = await statusItems(ctx.prisma, { plan: p.code, year: p.year }, ctx.deps.prices);
    const items = filterItems(all, q, ctx.now());
    const counts = new Map<string, number>();
    for (const i of items) counts.set(i.state, (counts.get(i.state) ?? 0) + 1);
    const obligationIds = [...new Set(all.map((i) => i.obligation))];
    const titles = new Map(plan.obligations.map((o) => [o.id, o.title]));
    // An agency merged while some of its obligations were open has two rows: the closed ones under its own name,
    // the moved ones under its successor's, "C (trước đây: A)" (the links keep the agency's code: workflow ids
    // never change).
    const successors = await successorsOf(
      ctx.prisma,
      items.map((i) => i.workflowId),
    );
    const rowKey = (agency: string, successor?: string) => `${agency}|${successor ?? ''}`;
    const cells = new Map(
      items.map((i) => [`${rowKey(i.agency, successors.get(i.workflowId)?.code)}|${i.obligation}`, i]),
    );
    const agencyRows = plan.agencies.flatMap((a) => {
      const movedTo = new Map<string, { code: string; name: string }>();
      for (const i of items) {
        const s = successors.get(i.workflowId);
        if (s && i.agency === a.code) movedTo.set(s.code, s);
      }
      return [null, ...movedTo.values()]
        .map((s) => {
          const key = rowKey(a.code, s?.code);
          return {
            code: a.code,
            name: s ? `${s.name} (trước đây: ${a.name})` : a.name,
            cells: obligationIds.map((o) => {
              const i = cells.get(`${key}|${o}`);
              return i
                ? { obligation: o, state: i.state, dueDate: i.dueDate, segments: i.segments, costVnd: i.costVnd }
                : null;
            }),
          };
        })
        .filter((row) => row.cells.some((c) => c !== null));
    });
    return html(reply, 'dashboard', req, {
      plan,
      year: p.year,
      ...estimateOf(p.year, []),
      filter: q,
      total: items.length,
      personalFeed: req.auth
        ? feedUrl(ctx.deps.links.baseUrl, { t: 'user', u: req.auth.userId, p: p.code }, ctx.deps.links.secret)
        : null,
      lateAgencies: plan.agencies.filter((a) =>
        all.some((i) => i.agency === a.code && (i.state === 'overdue' || i.state === 'escalated')),
      ),
      zaloQuota: await zaloQuotaToday(ctx.prisma, ctx.now()),
      messages: {
        segments: all.reduce((n, i) => n + i.segments, 0),
        costVnd: all.reduce((n, i) => n + i.costVnd, 0),
      },
      counts: Object.keys(STATE_LABELS)
        .filter((s) => counts.has(s))
        .map((state) => ({ state, n: counts.get(state) })),
      obligations: obligationIds.map((id) => ({ id, title: titles.get(id) ?? id })),
      rows: agencyRows,
      agencyOptions: plan.agencies.map((a) => ({ code: a.code, name: a.name, selected: a.code === q.agency })),
      reports: plan.years.includes(p.year) ? await reportsOf(ctx.prisma, plan, p.year, 20) : [],
      canCompile: await canActOn(req, p.code),
      reportFlash:
        ok === 'report' ? { id: report, page: report ? `/reports/${encodeURIComponent(report)}` : null } : null,
      reportError: error,
    });
  });

  // "Tổng hợp ngay" on the dashboard: compiles in the background, then back to the dashboard with a message.
  app.post('/plans/:code/years/:year/reports', ctx.guard(planActor('code')), async (req, reply) => {
    const p = parseOr422(MatrixParams, req.params);
    const back = `/plans/${encodeURIComponent(p.code)}/years/${p.year}`;
    const body = stripEmpty({ ...((req.body ?? {}) as Record<string, unknown>) });
    delete body._csrf;
    await getPlan(ctx.prisma, p.code);
    let input;
    try {
      input = parseOr422(CompileBody, body);
    } catch (raw) {
      const err = formError(raw);
      const message = err.errors?.map((e) => `${e.path}: ${e.message}`).join('; ') ?? err.message;
      return reply.redirect(`${back}?error=${encodeURIComponent(message.slice(0, 300))}#reports`, 303);
    }
    // Compiled in the background (every submitted file is read for the annexes); the job's page leads back here.
    return startReportJob(ctx, reply, p.code, p.year, input, req.auth!.email);
  });

  // The report's page: where the emailed link (`/api/reports/<id>`) takes a browser.
  app.get('/reports/:id', ctx.guard(READER), async (req, reply) => {
    const { id } = parseOr422(ReportParams, req.params);
    const { stored, view } = await getReport(ctx.prisma, id);
    const plan = await ctx.prisma.plan.findUnique({ where: { code: stored.planCode }, select: { title: true } });
    const totals = view.totals;
    return html(reply, 'report', req, {
      r: view,
      planTitle: plan?.title ?? stored.planCode,
      received: totals ? totals.onTime + totals.late : null,
      expected: totals ? totals.expected - totals.excused : null,
      overdue: stored.summary?.overdue ?? [],
      downloads: view.formats.map((f) => ({ ...f, label: FORMAT_LABELS[f.format] ?? f.format })),
    });
  });

  const base = '/assignments/:plan/:year/:obligation/:agency';
  app.get(base, ctx.guard(READER), async (req, reply) => {
    const key = keyOf(req.params);
    const h = await assignmentHistory(ctx.prisma, key);
    const q = req.query as { ok?: string; error?: string; at?: string };
    return html(reply, 'assignment', req, {
      a: h.assignment,
      h: { ...h, notifications: h.notifications.map((n) => ({ ...n, deliveryTerm: `delivery:${n.deliveryState}` })) },
      base: `/assignments/${key.plan}/${key.year}/${key.obligation}/${key.agency}`,
      temporalUrl: temporalUrl(ctx, h.assignment.id),
      // A closed assignment (submitted, late, excused) has nothing left to act on.
      canAct: (await canActOn(req, key.plan)) && !['submitted', 'late', 'excused'].includes(h.assignment.state),
      flash: q.ok === 'remind' ? remindMessage(q.at) : q.ok ? FLASH[q.ok] : undefined,
      error: typeof q.error === 'string' ? q.error.slice(0, 300) : undefined,
    });
  });

  for (const { suffix, action } of ACTIONS) {
    app.post(`${base}/${suffix}`, ctx.guard(planActor('plan')), async (req, reply) => {
      const key = keyOf(req.params);
      const back = `/assignments/${key.plan}/${key.year}/${key.obligation}/${key.agency}`;
      const body = stripEmpty({ ...((req.body ?? {}) as Record<string, unknown>) });
      delete body._csrf;
      try {
        const result = await runAction(ctx.actions, actorOf(req), key, actionInput(action, body));
        if (action !== 'remind') return reply.redirect(`${back}?ok=${action}`, 303);
        // A reminder queued for the next working hours says when, in the page's words (see remindMessage).
        const r = result as unknown as RemindAnswer;
        const at = r.outsideWorkingHours ? `&at=${encodeURIComponent(r.sendAt)}` : '';
        return reply.redirect(`${back}?ok=remind${at}`, 303);
      } catch (raw) {
        const err = formError(raw);
        const message = err.errors?.map((e) => e.message).join('; ') ?? err.message;
        return reply.redirect(`${back}?error=${encodeURIComponent(message)}`, 303);
      }
    });
  }
}

/** A refusal a form shows on its page (4xx other than 401/403); anything else goes on to the error handler. */
function formError(raw: unknown): HttpError {
  const err = httpErrorOf(raw);
  if (!err || err.statusCode >= 500 || err.statusCode === 401 || err.statusCode === 403) throw raw;
  return err;
}

/** Empty form fields mean "not given". */
function stripEmpty(o: unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries((o ?? {}) as Record<string, unknown>).filter(([, v]) => v !== ''));
}
