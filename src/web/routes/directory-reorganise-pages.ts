/**
 * The reorganisations page `/directory/reorganisations` (coordinators and admins, as the API): forms to rename,
 * merge (sources → successor) and retire an agency with an effective date; "Xem trước" shows the open obligations
 * that will move (or, for a merge whose successor has no one to receive them, the refusal with that list) and writes
 * nothing; "Xác nhận" posts back the preview's list, and confirmReorganisation carries out exactly that list or
 * refuses (409: the list changed; the page then shows the new preview). Past reorganisations are listed from the
 * `Reorganisation` table. No script: every button posts the form and the server answers with a page.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Plan } from '../../domain/plan-schema';
import { localDateOf } from '../../domain/business-time';
import { labelOf } from '../../domain/vietnamese-labels';
import {
  confirmReorganisation,
  getReorganisation,
  listReorganisations,
  previewReorganisation,
  type ObligationMove,
  type ReorganisationInput,
  type ReorganisationPreview,
  type ReorganisationRecord,
} from '../../services/directory-reorganise';
import { listDirectory, type DirectoryAgencyView } from '../../services/directory-store';
import { STAFF } from '../access';
import type { WebContext } from '../context';
import { httpErrorOf, parseOr422, type FieldError } from '../http-errors';

const PAGE = '/directory/reorganisations';
const KINDS = ['rename', 'merge', 'retire'] as const;
type Kind = (typeof KINDS)[number];
const PageQuery = z.object({ done: z.coerce.number().int().positive().max(2_147_483_647).optional() });

/** What a form posted, as typed (a refused form is shown again with it). */
interface Posted {
  kind: Kind | '';
  code: string;
  name: string;
  sources: string[];
  successor: string;
  effectiveOn: string;
  confirmed: string[];
}

function posted(body: unknown): Posted {
  const raw = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const text = (k: string) => (typeof raw[k] === 'string' ? raw[k].trim().slice(0, 300) : '');
  // Repeated fields (the checked sources, the preview's list) arrive as an array, a single one as a string.
  const list = (k: string) =>
    [raw[k]]
      .flat()
      .filter((v): v is string => typeof v === 'string' && v.trim() !== '')
      .map((v) => v.trim().slice(0, 300))
      .slice(0, 10_000);
  const kind = text('kind');
  return {
    kind: (KINDS as readonly string[]).includes(kind) ? (kind as Kind) : '',
    code: text('code'),
    name: text('name'),
    sources: [...new Set(list('sources'))],
    successor: text('successor'),
    effectiveOn: text('effectiveOn'),
    confirmed: list('confirmed'),
  };
}

/** The form's own checks, in Vietnamese, each on its field; the service checks the rest (codes, states, dates). */
function formProblems(p: Posted): FieldError[] {
  const out: FieldError[] = [];
  if (p.kind === '') return [{ path: 'kind', message: 'Hãy chọn đổi tên, hợp nhất hoặc giải thể.' }];
  if (p.kind !== 'merge' && !p.code) out.push({ path: 'code', message: 'Hãy chọn cơ quan.' });
  if (p.kind === 'rename' && !p.name) out.push({ path: 'name', message: 'Hãy nhập tên mới của cơ quan.' });
  if (p.kind === 'merge' && p.sources.length === 0)
    out.push({ path: 'sources', message: 'Hãy chọn ít nhất một cơ quan được hợp nhất.' });
  if (p.kind === 'merge' && !p.successor) out.push({ path: 'successor', message: 'Hãy chọn cơ quan kế thừa.' });
  if (p.kind === 'merge' && p.successor && p.sources.includes(p.successor))
    out.push({ path: 'successor', message: 'Cơ quan kế thừa không thể đồng thời là cơ quan được hợp nhất.' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.effectiveOn))
    out.push({ path: 'effectiveOn', message: 'Hãy nhập ngày hiệu lực (ngày/tháng/năm).' });
  return out;
}

function inputOf(p: Posted): ReorganisationInput {
  const effectiveOn = p.effectiveOn;
  if (p.kind === 'rename') return { kind: 'rename', code: p.code, name: p.name, effectiveOn };
  if (p.kind === 'merge') return { kind: 'merge', sources: p.sources, successor: p.successor, effectiveOn };
  return { kind: 'retire', code: p.code, effectiveOn };
}

/** The Vietnamese half of a service message (`tiếng Việt / English`). */
const vi = (message: string) => message.split(' / ')[0]!.trim();

/**
 * A service refusal put on the field it is about: a zod path's first segment; a code the directory does not have,
 * or an agency already merged or retired, on the agency's field (the successor's when the message names it alone).
 */
function refusalFields(p: Posted, raw: unknown): { status: number; errors: FieldError[] } | null {
  const err = httpErrorOf(raw);
  if (!err || (err.statusCode !== 404 && err.statusCode !== 409 && err.statusCode !== 422)) return null;
  const fieldOf = (path: string) => {
    const first = path.split('.')[0]!;
    return ['kind', 'code', 'name', 'sources', 'successor', 'effectiveOn'].includes(first) ? first : 'kind';
  };
  if (err.errors?.length)
    return {
      status: err.statusCode,
      errors: err.errors.map((e) => ({ path: fieldOf(e.path), message: vi(e.message) })),
    };
  const names = (code: string) => new RegExp(`(^|[^A-Za-z0-9_-])${code}([^A-Za-z0-9_-]|$)`).test(err.message);
  const field =
    p.kind !== 'merge' ? 'code' : p.successor && names(p.successor) && !p.sources.some(names) ? 'successor' : 'sources';
  return { status: err.statusCode, errors: [{ path: field, message: vi(err.message) }] };
}

const viDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};

export function registerDirectoryReorganisePages(app: FastifyInstance, ctx: WebContext): void {
  const today = () => localDateOf(ctx.now().toISOString());

  /** Obligation titles by plan, for the preview's table. */
  const titlesOf = async (moves: readonly ObligationMove[]) => {
    const plans = await ctx.prisma.plan.findMany({
      where: { code: { in: [...new Set(moves.map((m) => m.plan))] } },
      select: { code: true, definition: true },
    });
    const titles = new Map<string, string>();
    for (const p of plans)
      for (const o of (p.definition as unknown as Partial<Plan>).obligations ?? [])
        titles.set(`${p.code}|${o.id}`, o.title);
    return titles;
  };

  const moveRows = async (moves: readonly ObligationMove[], names: Record<string, string>) => {
    const titles = await titlesOf(moves);
    return moves.map((m) => ({
      ...m,
      obligationTitle: titles.get(`${m.plan}|${m.obligation}`) ?? m.obligation,
      fromName: names[m.from] ?? m.from,
      toName: m.to ? (names[m.to] ?? m.to) : null,
    }));
  };

  /** The preview's view: the sentence, the moves, the refusal if any, and the hidden fields the confirmation posts. */
  const previewView = async (p: ReorganisationPreview, agencies: DirectoryAgencyView[]) => {
    const names: Record<string, string> = {
      ...Object.fromEntries(agencies.map((a) => [a.code, a.name])),
      ...p.before,
    };
    const label = (code: string) => `${names[code] ?? code} (${code})`;
    const input = p.input;
    const from = `hiệu lực từ ngày ${viDate(input.effectiveOn)}`;
    const refused = input.kind === 'merge' && p.noRecipient.length > 0;
    const sentence =
      input.kind === 'rename'
        ? `Đổi tên ${input.code}: “${p.before[input.code] ?? input.code}” thành “${input.name}”, ${from}. Không có nghĩa vụ nào phải chuyển.`
        : input.kind === 'merge' && refused
          ? `Hợp nhất ${input.sources.map(label).join(', ')} vào ${label(input.successor)}, ${from}: chưa thực hiện, ` +
            `${p.noRecipient.length} nghĩa vụ đang mở sẽ không có người nhận thư nhắc.`
          : input.kind === 'merge'
            ? `Hợp nhất ${input.sources.map(label).join(', ')} vào ${label(input.successor)}, ${from}: ` +
              `${p.moves.length} nghĩa vụ đang mở chuyển sang ${names[input.successor] ?? input.successor}; ` +
              'các nghĩa vụ đã đóng giữ tên cũ trong lịch sử và báo cáo.'
            : `Giải thể ${label(input.code)}, ${from}: ${p.moves.length} nghĩa vụ đang mở sẽ không còn cơ quan nhận thư nhắc.`;
    const hidden: { name: string; value: string }[] = [
      { name: 'kind', value: input.kind },
      { name: 'effectiveOn', value: input.effectiveOn },
      ...(input.kind === 'merge'
        ? [...input.sources.map((s) => ({ name: 'sources', value: s })), { name: 'successor', value: input.successor }]
        : [{ name: 'code', value: input.code }]),
      ...(input.kind === 'rename' ? [{ name: 'name', value: input.name }] : []),
      ...p.moves.map((m) => ({ name: 'confirmed', value: m.assignmentId })),
    ];
    return {
      kindLabel: input.kind,
      confirmLabel: `Xác nhận ${labelOf('reorganisation', input.kind).toLowerCase()}`,
      sentence,
      moves: await moveRows(p.moves, names),
      retire: input.kind === 'retire',
      refused,
      hidden,
    };
  };

  const historyView = async (rows: ReorganisationRecord[]) =>
    Promise.all(
      rows.map(async (r) => ({
        ...r,
        beforeList: Object.entries(r.before)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([code, name]) => ({ code, name })),
        successorName: r.successor ? (r.before[r.successor] ?? r.successor) : null,
        moves: await moveRows(r.moves, r.before),
      })),
    );

  const resultOf = (r: ReorganisationRecord): string => {
    const name = (code: string) => r.before[code] ?? code;
    const from = `từ ngày ${viDate(r.effectiveOn)}`;
    if (r.kind === 'rename')
      return `Đã đổi tên ${r.sources[0]}: “${name(r.sources[0] ?? '')}” thành “${r.name ?? ''}” ${from}.`;
    if (r.kind === 'merge')
      return (
        `Đã hợp nhất ${r.sources.map(name).join(', ')} vào ${name(r.successor ?? '')} ${from}: ` +
        `${r.moves.length} nghĩa vụ đang mở đã chuyển sang ${name(r.successor ?? '')}.`
      );
    return `Đã giải thể ${name(r.sources[0] ?? '')} ${from}; ${r.moves.length} nghĩa vụ đang mở không còn cơ quan nhận thư nhắc.`;
  };

  const page = async (
    req: FastifyRequest,
    reply: FastifyReply,
    data: {
      form?: Posted;
      errors?: FieldError[];
      preview?: ReorganisationPreview;
      conflict?: boolean;
      result?: string;
    },
    status = 200,
  ) => {
    const agencies = await listDirectory(ctx.prisma);
    const active = agencies.filter((a) => a.state === 'active');
    const form = data.form;
    const errorsOf = (kind: Kind) =>
      form?.kind === kind ? Object.fromEntries((data.errors ?? []).map((e) => [e.path, e.message])) : {};
    const valuesOf = (kind: Kind) => (form?.kind === kind ? form : null);
    const options = (kind: Kind, selected: (code: string) => boolean) =>
      active.map((a) => ({ code: a.code, name: a.name, selected: valuesOf(kind) !== null && selected(a.code) }));
    const date = (kind: Kind) => valuesOf(kind)?.effectiveOn || today();
    const forms = {
      rename: {
        errors: errorsOf('rename'),
        agencies: options('rename', (c) => c === form?.code),
        name: valuesOf('rename')?.name ?? '',
        effectiveOn: date('rename'),
      },
      merge: {
        errors: errorsOf('merge'),
        sources: options('merge', (c) => !!form?.sources.includes(c)),
        successors: options('merge', (c) => c === form?.successor),
        effectiveOn: date('merge'),
      },
      retire: {
        errors: errorsOf('retire'),
        agencies: options('retire', (c) => c === form?.code),
        effectiveOn: date('retire'),
      },
    };
    const kindError = (data.errors ?? []).find((e) => e.path === 'kind')?.message;
    return reply
      .status(status)
      .type('text/html; charset=utf-8')
      .send(
        ctx.render('directory-reorganise', {
          user: req.auth,
          mailbox: ctx.mailbox,
          today: today(),
          forms,
          open: form?.kind || null,
          kindError: form?.kind === '' ? kindError : undefined,
          hasErrors: (data.errors ?? []).length > 0,
          preview: data.preview ? await previewView(data.preview, agencies) : null,
          conflict: data.conflict ?? false,
          result: data.result,
          history: await historyView(await listReorganisations(ctx.prisma)),
        }),
      );
  };

  /** The preview of what was posted, or the form again with each refusal beside its field. */
  const previewOrRefusal = async (
    req: FastifyRequest,
    reply: FastifyReply,
    form: Posted,
    opts: { conflict?: boolean } = {},
  ) => {
    const problems = formProblems(form);
    if (problems.length > 0) return page(req, reply, { form, errors: problems }, 422);
    let preview: ReorganisationPreview;
    try {
      preview = await previewReorganisation(ctx.prisma, inputOf(form), today());
    } catch (raw) {
      const refusal = refusalFields(form, raw);
      if (!refusal) throw raw;
      return page(req, reply, { form, errors: refusal.errors }, refusal.status);
    }
    if (preview.input.kind === 'merge' && preview.noRecipient.length > 0) {
      const successor = preview.input.successor;
      const errors = [
        {
          path: 'successor',
          message:
            `${successor} chưa có người nhận thư: cần cán bộ đầu mối, thủ trưởng hoặc cơ quan thường trực có email ` +
            `hoặc số điện thoại trong danh bạ. ${preview.noRecipient.length} nghĩa vụ đang mở sẽ không có người nhận ` +
            '(danh sách bên dưới); chưa hợp nhất.',
        },
      ];
      return page(req, reply, { form, errors, preview }, 422);
    }
    return page(req, reply, { form, preview, conflict: opts.conflict }, opts.conflict ? 409 : 200);
  };

  app.get(PAGE, ctx.guard(STAFF), async (req, reply) => {
    const q = parseOr422(PageQuery, req.query ?? {});
    const done = q.done === undefined ? null : await getReorganisation(ctx.prisma, q.done).catch(() => null);
    return page(req, reply, { result: done ? resultOf(done) : undefined });
  });

  app.post(`${PAGE}/preview`, ctx.guard(STAFF), async (req, reply) => previewOrRefusal(req, reply, posted(req.body)));

  app.post(PAGE, ctx.guard(STAFF), async (req, reply) => {
    const form = posted(req.body);
    const problems = formProblems(form);
    if (problems.length > 0) return page(req, reply, { form, errors: problems }, 422);
    try {
      const done = await confirmReorganisation(ctx.prisma, req.auth!.email, inputOf(form), form.confirmed, today());
      return reply.redirect(`${PAGE}?done=${done.id}#result`, 303);
    } catch (raw) {
      const err = httpErrorOf(raw);
      if (err?.statusCode !== 404 && err?.statusCode !== 409 && err?.statusCode !== 422) throw raw;
      // Nothing was done. The open obligations are not the ones confirmed (one closed, opened or moved since): the
      // new preview is shown with that said, to be checked and confirmed again. Any other refusal (an agency merged
      // meanwhile, a successor left without contacts) shows on its field, from the same preview.
      return previewOrRefusal(req, reply, form, { conflict: err.statusCode === 409 });
    }
  });
}
