/**
 * `directory rename|merge|retire`: the directory's reorganisations from the command line, the same two steps as the
 * web page and the API (src/services/directory-reorganise.ts). Without `--yes` the command prints the preview (the
 * open obligations that would move, or the refusal with the obligations that would have no recipient) and changes
 * nothing; with `--yes` it confirms exactly the list it has just shown. Refusals print one `path: message` line each
 * (flags as typed, obligations by their id) and exit 1.
 */
import { z } from 'zod';
import { loadConfig } from '../../config';
import { localDateOf } from '../../domain/business-time';
import { labelOf } from '../../domain/vietnamese-labels';
import { firstLine } from '../../runtime/endpoints';
import {
  confirmReorganisation,
  previewReorganisation,
  type ReorganisationInput,
  type ReorganisationPreview,
} from '../../services/directory-reorganise';
import { ConflictError, InvalidInputError, NotFoundError } from '../../services/service-errors';
import { cliActor } from '../cli-actor';
import { CliError } from '../cli-error';
import { withDatabase } from './stored-calendar';

interface CommonOptions {
  /** YYYY-MM-DD, today or earlier. (Default: today, Việt Nam's date.) */
  effective?: string;
  /** Carry out the preview's list. (Default: false: preview only.) */
  yes?: boolean;
  json?: boolean;
  by?: string;
}

const code = (flag: string) =>
  z
    .string({ error: `${flag}: thiếu mã cơ quan / missing agency code` })
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, `${flag}: mã cơ quan không hợp lệ / invalid agency code`);
const effective = z.iso.date({
  error: '--effective: ngày hiệu lực dạng YYYY-MM-DD / effective date as YYYY-MM-DD',
});

const RenameFlags = z.object({
  code: code('--code'),
  name: z
    .string({ error: '--name: thiếu tên mới / missing new name' })
    .trim()
    .min(1, '--name: tên mới không được trống / new name is empty')
    .max(300, '--name: tên mới quá dài (tối đa 300 ký tự) / too long'),
  effective,
});
const MergeFlags = z.object({
  sources: z
    .array(code('--sources'), { error: '--sources: thiếu mã các cơ quan được hợp nhất / missing sources' })
    .min(1, '--sources: cần ít nhất một cơ quan được hợp nhất / at least one agency'),
  successor: code('--successor'),
  effective,
});
const RetireFlags = z.object({ code: code('--code'), effective });

/** Every wrong flag at once, one line each (the messages name their flag). */
function parseFlags<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const r = schema.safeParse(raw);
  if (r.success) return r.data;
  throw new CliError([...new Set(r.error.issues.map((i) => i.message))].join('\n'));
}

const today = () => localDateOf(new Date().toISOString());

export async function directoryRename(opts: CommonOptions & { code?: string; name?: string }): Promise<void> {
  const f = parseFlags(RenameFlags, { code: opts.code, name: opts.name, effective: opts.effective ?? today() });
  await reorganise({ kind: 'rename', code: f.code, name: f.name, effectiveOn: f.effective }, opts);
}

export async function directoryMerge(opts: CommonOptions & { sources?: string; successor?: string }): Promise<void> {
  const sources =
    opts.sources === undefined
      ? undefined
      : [
          ...new Set(
            opts.sources
              .split(',')
              .map((s) => s.trim())
              .filter((s) => s !== ''),
          ),
        ];
  const f = parseFlags(MergeFlags, { sources, successor: opts.successor, effective: opts.effective ?? today() });
  if (f.sources.includes(f.successor))
    throw new CliError('--successor: cơ quan kế thừa không thể là cơ quan được hợp nhất / successor is also a source');
  await reorganise({ kind: 'merge', sources: f.sources, successor: f.successor, effectiveOn: f.effective }, opts);
}

export async function directoryRetire(opts: CommonOptions & { code?: string }): Promise<void> {
  const f = parseFlags(RetireFlags, { code: opts.code, effective: opts.effective ?? today() });
  await reorganise({ kind: 'retire', code: f.code, effectiveOn: f.effective }, opts);
}

const FLAGS: Record<string, string> = {
  code: '--code',
  name: '--name',
  sources: '--sources',
  successor: '--successor',
  effectiveOn: '--effective',
};

/** A service refusal as `path: message` lines: the flag it is about, or the obligation's id. */
function refusal(input: ReorganisationInput, err: unknown): CliError | null {
  if (err instanceof InvalidInputError)
    return new CliError(
      err.errors.map((e) => `${FLAGS[e.path.split('.')[0] ?? ''] ?? e.path}: ${e.message}`).join('\n'),
    );
  if (err instanceof NotFoundError || err instanceof ConflictError) {
    const named = (c: string) => new RegExp(`(^|[^A-Za-z0-9_-])${c}([^A-Za-z0-9_-]|$)`).test(err.message);
    const flag =
      input.kind !== 'merge'
        ? '--code'
        : named(input.successor) && !input.sources.some(named)
          ? '--successor'
          : '--sources';
    return new CliError(`${flag}: ${err.message}`);
  }
  return null;
}

function noRecipientError(p: ReorganisationPreview & { input: { kind: 'merge' } }): CliError {
  return new CliError(
    [
      `--successor: ${p.input.successor} chưa có người nhận thư (cán bộ đầu mối, thủ trưởng hoặc cơ quan thường trực ` +
        `có email hay điện thoại); chưa hợp nhất, không có gì thay đổi / no recipient, nothing changed`,
      ...p.noRecipient.map(
        (m) =>
          `${m.assignmentId}: ${m.plan} ${m.year} ${m.obligation}, ${m.from} → ${m.to}: sẽ không có người nhận / would have no recipient`,
      ),
    ].join('\n'),
  );
}

const dmy = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}/${Number(m)}/${y}`;
};

function describe(p: ReorganisationPreview): string {
  const i = p.input;
  const named = (c: string) => `${c} (${p.before[c] ?? c})`;
  const what =
    i.kind === 'rename'
      ? `${named(i.code)} → “${i.name}”`
      : i.kind === 'merge'
        ? `${i.sources.map(named).join(', ')} → ${named(i.successor)}`
        : named(i.code);
  return `${labelOf('reorganisation', i.kind)} ${what}, hiệu lực từ ngày ${dmy(i.effectiveOn)}`;
}

function printMoves(p: ReorganisationPreview, heading: string): void {
  if (p.moves.length === 0) {
    console.log('Không có nghĩa vụ đang mở nào phải chuyển. / no open obligation moves');
    return;
  }
  console.log(heading);
  for (const m of p.moves)
    console.log(
      `  ${m.plan} ${m.year} ${m.obligation.padEnd(24)} ${m.from}${m.to ? ` → ${m.to}` : ''}  hạn ${dmy(m.dueDate)}`,
    );
}

async function reorganise(input: ReorganisationInput, opts: CommonOptions): Promise<void> {
  const actor = cliActor(opts.by).actor;
  const day = today();
  let outcome: { preview: ReorganisationPreview; id: number | null };
  try {
    outcome = await withDatabase(async (prisma) => {
      const preview = await previewReorganisation(prisma, input, day);
      if (preview.input.kind === 'merge' && preview.noRecipient.length > 0)
        throw noRecipientError(preview as ReorganisationPreview & { input: { kind: 'merge' } });
      if (!opts.yes) return { preview, id: null };
      // Exactly the list just computed: if an obligation closed or opened in between, the service refuses (409).
      const done = await confirmReorganisation(
        prisma,
        actor,
        input,
        preview.moves.map((m) => m.assignmentId),
        day,
      );
      return { preview: done.preview, id: done.id };
    }, loadConfig());
  } catch (err) {
    if (err instanceof CliError || (err instanceof Error && err.name === 'StartupError')) throw err;
    const known = refusal(input, err);
    if (known) throw known;
    throw new CliError(
      `database: không thực hiện được, danh bạ không thay đổi (${firstLine(err)}) / nothing was changed`,
    );
  }
  const { preview, id } = outcome;
  if (opts.json) {
    console.log(JSON.stringify({ done: id !== null, id, preview }, null, 2));
    return;
  }
  if (id === null) {
    console.log(`Xem trước, chưa thay đổi gì / preview, nothing changed: ${describe(preview)}.`);
    printMoves(
      preview,
      input.kind === 'retire'
        ? `${preview.moves.length} nghĩa vụ đang mở sẽ không còn cơ quan nhận thư nhắc / left without their agency:`
        : `${preview.moves.length} nghĩa vụ đang mở sẽ chuyển / will move:`,
    );
    console.log('Chạy lại với --yes để thực hiện đúng danh sách này. / run again with --yes to carry out this list');
    return;
  }
  console.log(`Đã thực hiện (lần tổ chức lại số ${id}) / done: ${describe(preview)}.`);
  printMoves(
    preview,
    input.kind === 'retire'
      ? `${preview.moves.length} nghĩa vụ đang mở không còn cơ quan nhận thư nhắc / left without their agency:`
      : `${preview.moves.length} nghĩa vụ đang mở đã chuyển / moved:`,
  );
}
