/**
 * Zalo template messages (ZBS Template Message, formerly ZNS): which approved template each message kind is sent
 * with, and which message field fills each of its parameters. Zalo refuses a message whose `template_data` misses
 * a parameter or leaves one empty (error -112), so a mapping may only name fields every message of that kind
 * carries; the plan schema checks it, and `plan validate`/`plan apply` (and the start that loads the seed plans)
 * stop with the field's path. Pure: no I/O.
 */
import { z } from 'zod';
import { MESSAGE_KINDS, REQUIRED_FIELDS, type MessageKind } from '../notify/message-context-schema';
import { formatShortDate } from './vietnamese-format';

/** Fields every message context has (the schema requires them). */
const ALWAYS = ['planTitle', 'obligationTitle', 'dueDate', 'daysLeft', 'coordinatorName'] as const;
/** Kinds sent about one assignment: they always carry the agency's signed link and feed. */
const LINKED = new Set<MessageKind>(['upcoming', 'due-today', 'overdue', 'escalation-head', 'extension-granted']);
/** Fields a template parameter may take: text, dates and numbers (lists do not fit a parameter). */
const SCALAR = new Set<string>([
  ...ALWAYS,
  'agencyName',
  'planDocument',
  'submitUrl',
  'calendarUrl',
  'periodLabel',
  'campaignName',
  'campaignStart',
  'campaignEnd',
  'newDueDate',
  'reason',
  'receivedAt',
]);

/** The message fields a template of `kind` may use, in a stable order. */
export function zaloFieldsOf(kind: MessageKind): string[] {
  const fields = new Set<string>(ALWAYS);
  for (const f of REQUIRED_FIELDS[kind]) if (SCALAR.has(f)) fields.add(f);
  if (LINKED.has(kind)) fields.add('submitUrl').add('calendarUrl');
  return [...fields];
}

/** Zalo parameter names: letters, digits and `_`, as the template editor accepts them. */
const PARAM = /^[A-Za-z_][A-Za-z0-9_]{0,49}$/;

const ZaloTemplate = z
  .object({
    /** The approved template's id in Zalo's ZBS console. */
    templateId: z
      .string()
      .regex(/^\d{1,20}$/, 'phải là mã mẫu Zalo (chỉ chữ số) / must be a Zalo template id (digits)'),
    /** Template parameter → message field, e.g. `{ ten_co_quan: agencyName, han_nop: dueDate }`. */
    params: z
      .record(z.string().regex(PARAM, 'tên tham số không hợp lệ / invalid parameter name'), z.string())
      .refine((p) => Object.keys(p).length > 0, 'cần ít nhất một tham số / at least one parameter'),
  })
  .strict();

export const ZaloPolicy = z
  .object({
    /** One approved template per message kind sent on Zalo; a kind without one goes by the next channel. */
    templates: z.partialRecord(z.enum(MESSAGE_KINDS), ZaloTemplate),
  })
  .strict()
  .superRefine((policy, ctx) => {
    for (const [kind, template] of Object.entries(policy.templates) as [MessageKind, z.infer<typeof ZaloTemplate>][]) {
      const allowed = zaloFieldsOf(kind);
      for (const [param, field] of Object.entries(template.params)) {
        if (!allowed.includes(field)) {
          ctx.addIssue({
            code: 'custom',
            path: ['templates', kind, 'params', param],
            message:
              `"${field}" không có trong mọi thông báo "${kind}"; dùng được: ${allowed.join(', ')} / ` +
              `not a field every "${kind}" message has; allowed: ${allowed.join(', ')}`,
          });
        }
      }
    }
  });
export type ZaloPolicy = z.infer<typeof ZaloPolicy>;

/** What Zalo is sent for one message: the template and its parameters, every value a non-empty string. */
export interface ZaloTemplateMessage {
  templateId: string;
  templateData: Record<string, string>;
}

/**
 * The template message of `kind` for a message context, or `null` when the plan has no template for the kind.
 * Dates are written the Vietnamese way (`10/6/2027`), numbers as digits; values are cut to Zalo's longest
 * parameter (400 characters). A field the context lacks is an error (the schema's check should have made it
 * impossible).
 */
export function zaloTemplateMessage(
  policy: ZaloPolicy | undefined,
  kind: MessageKind,
  context: Readonly<Record<string, unknown>>,
): ZaloTemplateMessage | null {
  const template = policy?.templates[kind];
  if (!template) return null;
  const templateData: Record<string, string> = {};
  for (const [param, field] of Object.entries(template.params)) {
    const value = context[field];
    if (value === undefined || value === null || value === '') {
      throw new Error(`Zalo template ${template.templateId}: ${param} (${field}) is empty for "${kind}"`);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`Zalo template ${template.templateId}: ${param} (${field}) is not text for "${kind}"`);
    }
    const text =
      typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatShortDate(value) : String(value);
    templateData[param] = text.slice(0, 400);
  }
  return { templateId: template.templateId, templateData };
}
