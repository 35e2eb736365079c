/**
 * One round trip of the plan editor: the posted form (or a plan to start from) in, the page out. Each button posts
 * the whole form: `add:…`/`remove:…` change a repeating group, `preview` validates and shows the calendar, `save`
 * stores a new version, `apply` stores it and applies it. The same plan schema validates as everywhere, and each
 * problem is shown beside its field; the calendar preview is the pure calendar of the plan the form describes.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { planCalendar } from '../domain/plan-calendar';
import { issueMessage } from '../domain/plan-file';
import { PlanSchema, type Plan, type PlanInput } from '../domain/plan-schema';
import { mergedRemindersText } from '../domain/reminder-schedule';
import { planCodeTaken, saveVersion } from '../services/plan-versions';
import { planDirectoryDiff } from '../services/plan-directory';
import { startApplyJob } from './plan-apply-job';
import { assertMayUpdateDirectory, directoryDiffView, updateDirectoryAsked } from './directory-diff-view';
import type { WebContext } from './context';
import { parseOr422 } from './http-errors';
import { formOfPlan, planInputOfForm } from './plan-form/plan-form-codec';
import { applyFormOp, PlanForm, unflatten } from './plan-form/plan-form-model';
import { editorView } from './plan-form/plan-form-view';

/** Where the editor posts: a new plan (admins) or an existing plan's code (its coordinators too). */
export type EditorTarget = { kind: 'new' } | { kind: 'edit'; code: string };

interface EditorState {
  form: PlanForm;
  issues?: readonly z.core.$ZodIssue[];
  plan?: Plan;
  notice?: string;
  version?: number | null;
  /** The checkbox "update the directory" as posted (kept across previews). */
  updateDirectory?: boolean;
}

/** The calendar preview: one row per obligation and due date, as the plan's calendar page groups it. */
function previewRows(plan: Plan) {
  const rows = new Map<string, Record<string, unknown> & { agencies: number }>();
  for (const item of planCalendar(plan)) {
    const k = `${item.year}|${item.obligation}|${item.dueAt}`;
    const row = rows.get(k);
    if (row) row.agencies++;
    else
      rows.set(k, {
        year: item.year,
        title: item.obligationTitle,
        stated: plan.obligations.find((o) => o.id === item.obligation)?.stated ?? null,
        statedDate: item.statedDate,
        dueDate: item.dueDate,
        rolled: item.rolled !== null,
        dueExplanation: item.dueExplanation,
        reminders: item.reminderSteps,
        merged: item.mergedReminders.map(mergedRemindersText),
        estimate: item.estimate,
        agencies: 1,
      });
  }
  return [...rows.values()];
}

export async function renderEditor(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
  target: EditorTarget,
  state: EditorState,
  status = 200,
) {
  const view = editorView(state.form, state.issues ?? [], issueMessage);
  const action = target.kind === 'new' ? '/plans/new' : `/plans/${target.code}/edit`;
  // The plan's agencies against the directory, to confirm before an apply (the editor's agencies are all inline).
  const directory = state.plan
    ? directoryDiffView(await planDirectoryDiff(ctx.prisma, state.plan), {
        canWrite: req.auth?.role === 'admin',
        checked: state.updateDirectory ?? false,
      })
    : null;
  return reply
    .status(status)
    .type('text/html; charset=utf-8')
    .send(
      ctx.render('plan-editor', {
        user: req.auth,
        mailbox: ctx.mailbox,
        title: target.kind === 'new' ? 'Soạn kế hoạch mới' : `Soạn kế hoạch ${target.code}`,
        target: { ...target, isNew: target.kind === 'new', action },
        f: view,
        preview: state.plan ? previewRows(state.plan) : null,
        summary: state.plan
          ? { agencies: state.plan.agencies.length, obligations: state.plan.obligations.length }
          : null,
        notice: state.notice,
        version: state.version ?? null,
        directory,
      }),
    );
}

/** Opens the editor on a plan (a preset, a stored version, an imported draft). */
export async function openEditor(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
  target: EditorTarget,
  start: Partial<PlanInput>,
  extra: Omit<EditorState, 'form'> = {},
) {
  const form = formOfPlan(start);
  const r = PlanSchema.safeParse(planInputOfForm(form), { reportInput: true });
  return renderEditor(ctx, req, reply, target, {
    ...extra,
    form,
    plan: r.success ? r.data : undefined,
    issues: r.success ? [] : r.error.issues,
  });
}

const codeIssue = (message: string): z.core.$ZodIssue => ({
  code: 'custom',
  path: ['code'],
  message,
  input: undefined,
});

/** A POST of the editor form: the button's work, then the page (or a redirect after a save). */
export async function handleEditorPost(
  ctx: WebContext,
  req: FastifyRequest,
  reply: FastifyReply,
  target: EditorTarget,
) {
  const fields = (req.body ?? {}) as Record<string, unknown>;
  const op = typeof fields.op === 'string' ? fields.op : 'preview';
  const updateDirectory = updateDirectoryAsked(fields);
  const form = applyFormOp(parseOr422(PlanForm, unflatten(fields)), op);
  if (/^(add|remove):/.test(op)) return renderEditor(ctx, req, reply, target, { form });
  const parsed = PlanSchema.safeParse(planInputOfForm(form), { reportInput: true });
  if (!parsed.success) return renderEditor(ctx, req, reply, target, { form, issues: parsed.error.issues }, 422);
  const plan = parsed.data;
  // A coordinator edits this plan; a new code is a new plan, which is an admin's to create.
  if (target.kind === 'edit' && plan.code !== target.code)
    return renderEditor(
      ctx,
      req,
      reply,
      target,
      { form, issues: [codeIssue(`mã kế hoạch phải giữ là ${target.code} / the plan code cannot change here`)] },
      422,
    );
  if (op !== 'save' && op !== 'apply') return renderEditor(ctx, req, reply, target, { form, plan, updateDirectory });
  // Refused before anything is saved: the page offers the option to admins only.
  if (op === 'apply' && updateDirectory) assertMayUpdateDirectory(req.auth!);
  if (target.kind === 'new' && (await planCodeTaken(ctx.prisma, plan.code)))
    return renderEditor(
      ctx,
      req,
      reply,
      target,
      { form, issues: [codeIssue(`mã "${plan.code}" đã có kế hoạch; hãy chọn mã khác / plan code already used`)] },
      422,
    );
  const auth = req.auth!;
  const saved = await saveVersion(ctx.prisma, plan, { userId: auth.userId, email: auth.email });
  if (op === 'save') return reply.redirect(`/plans/${plan.code}/edit?version=${saved.version}&saved=1`, 303);
  // Applying runs as background work followed on its job page (a plan of hundreds of agencies takes a while).
  return startApplyJob(ctx, reply, plan.code, saved.version, auth.email, {
    updateDirectory: op === 'apply' && updateDirectory,
  });
}
