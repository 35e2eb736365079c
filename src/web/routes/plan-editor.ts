/**
 * The plan editor's pages: start a new plan (blank, from a seed preset, or from an imported draft via the import
 * review), edit a plan in forms, preview its calendar, save versions, apply one, and compare two.
 *
 * Access: creating a plan is an admin's (a new code is nobody's plan yet, as with plan files). Editing, saving and
 * applying an existing plan is also its coordinators' (`planActor`): the plan is theirs to run, an apply changes only
 * that plan's agencies, contacts and workflows, and every version records who saved and who applied it (audited).
 * The code cannot change in the editor of a plan, so a coordinator cannot create another plan from it.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { code as codeField } from '../../domain/plan-schema-fields';
import { listPresets, loadPreset } from '../../services/plan-presets';
import { compareVersions, getVersion, latestPlan, listVersions } from '../../services/plan-versions';
import { ADMIN, planActor } from '../access';
import type { WebContext } from '../context';
import { parseOr422 } from '../http-errors';
import { startApplyJob } from '../plan-apply-job';
import { handleEditorPost, openEditor, renderEditor } from '../plan-editor-page';
import { formOfPlan } from '../plan-form/plan-form-codec';
import { PlanParams } from '../schemas/plans';

const versionNumber = z.coerce.number().int().min(1, 'phiên bản từ 1 / version from 1').max(1_000_000);
const NewQuery = z.strictObject({
  preset: z
    .string()
    .regex(/^[a-z0-9-]+$/, 'tên mẫu không hợp lệ / invalid preset name')
    .optional(),
  start: z.literal('blank').optional(),
});
const EditQuery = z.strictObject({ version: versionNumber.optional(), saved: z.literal('1').optional() });
const VersionsQuery = z.strictObject({ from: versionNumber.optional(), to: versionNumber.optional() });
const VersionParams = z.strictObject({ code: codeField('kế hoạch'), version: versionNumber });

/** A blank plan: the fields a new plan must fill, the default policy, this year. */
const blankPlan = (year: number) => ({
  code: '',
  title: '',
  years: { from: year, to: year },
  coordinator: '',
  agencies: [{ code: '', name: '', kind: 'department' as const, contacts: [] }],
});

export function registerPlanEditorPages(app: FastifyInstance, ctx: WebContext): void {
  const html = (view: string, req: { auth?: unknown }, data: Record<string, unknown>) =>
    ctx.render(view, { user: req.auth, mailbox: ctx.mailbox, ...data });

  app.get('/plans/new', ctx.guard(ADMIN), async (req, reply) => {
    const q = parseOr422(NewQuery, req.query);
    if (q.preset !== undefined) return openEditor(ctx, req, reply, { kind: 'new' }, loadPreset(q.preset));
    if (q.start === 'blank') {
      const year = Number(ctx.now().toISOString().slice(0, 4));
      return renderEditor(ctx, req, reply, { kind: 'new' }, { form: formOfPlan(blankPlan(year)) });
    }
    return reply.type('text/html; charset=utf-8').send(html('plan-new', req, { presets: listPresets() }));
  });

  app.post('/plans/new', ctx.guard(ADMIN), async (req, reply) => handleEditorPost(ctx, req, reply, { kind: 'new' }));

  app.get('/plans/:code/edit', ctx.guard(planActor('code')), async (req, reply) => {
    const { code } = parseOr422(PlanParams, req.params);
    const q = parseOr422(EditQuery, req.query);
    const target = { kind: 'edit' as const, code };
    if (q.version !== undefined) {
      const v = await getVersion(ctx.prisma, code, q.version);
      const notice = q.saved ? `Đã lưu phiên bản ${v.version}.` : undefined;
      return openEditor(ctx, req, reply, target, v.plan, { version: v.version, notice });
    }
    const latest = await latestPlan(ctx.prisma, code);
    return openEditor(ctx, req, reply, target, latest.plan, { version: latest.version });
  });

  app.post('/plans/:code/edit', ctx.guard(planActor('code')), async (req, reply) => {
    const { code } = parseOr422(PlanParams, req.params);
    return handleEditorPost(ctx, req, reply, { kind: 'edit', code });
  });

  app.get('/plans/:code/versions', ctx.guard(planActor('code')), async (req, reply) => {
    const { code } = parseOr422(PlanParams, req.params);
    const q = parseOr422(VersionsQuery, req.query);
    const versions = await listVersions(ctx.prisma, code);
    const compare =
      q.from !== undefined && q.to !== undefined ? await compareVersions(ctx.prisma, code, q.from, q.to) : null;
    return reply
      .type('text/html; charset=utf-8')
      .send(html('plan-versions', req, { code, versions, compare, from: q.from, to: q.to }));
  });

  app.post('/plans/:code/versions/:version/apply', ctx.guard(planActor('code')), async (req, reply) => {
    const { code, version } = parseOr422(VersionParams, req.params);
    return startApplyJob(ctx, reply, code, version, req.auth!.email);
  });
}
