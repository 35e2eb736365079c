/**
 * The data every message template receives, as a zod schema, the kinds of message, and the fields each kind needs.
 * No Handlebars here: the activities and the domain build contexts against these types alone.
 */
import { z } from 'zod';

/** Every message the system sends; each has `email/<kind>.{subject,text,html}.hbs` and `sms/<kind>.hbs`. */
export const MESSAGE_KINDS = [
  'upcoming',
  'due-today',
  'overdue',
  'escalation-head',
  'escalation-coordinator',
  'extension-granted',
  'submission-receipt',
  'campaign-notice',
  'campaign-kickoff',
  'campaign-reminder',
  'report-ready',
  'digest',
] as const;

export type MessageKind = (typeof MESSAGE_KINDS)[number];

const isoDate = z.iso.date({ error: 'phải là ngày dạng YYYY-MM-DD / must be a date YYYY-MM-DD' });
const httpUrl = z.url({ protocol: /^https?$/, error: 'phải là đường dẫn http(s) / must be an http(s) URL' });
const text = z.string().trim().min(1, 'không được để trống / must not be empty');

/**
 * The data every template receives. Optional fields are present in templates as `null` when not given, so
 * `{{#if periodLabel}}` works while a misspelt name is still an error.
 */
export const MessageContext = z
  .strictObject({
    /** Title of the plan (Kế hoạch) that creates the obligation. */
    planTitle: text,
    /** Document number of the plan, e.g. `45/KH-UBND`. */
    planDocument: text.optional(),
    /** What is to be submitted, e.g. "Báo cáo 6 tháng đầu năm về bình đẳng giới". */
    obligationTitle: text,
    /** The reporting agency the message is to or about. Required for every kind except `report-ready`. */
    agencyName: text.optional(),
    /** The due date (Asia/Ho_Chi_Minh calendar date); for `extension-granted`, the date before the extension. */
    dueDate: isoDate,
    /**
     * Whole days from today to the due date the message is about (`newDueDate` for `extension-granted`);
     * 0 on the day, negative when overdue.
     */
    daysLeft: z.int(),
    /** The agency's own signed submission link. */
    submitUrl: httpUrl.optional(),
    /** The agency's signed iCalendar feed of its deadlines in the plan, ending in `.ics`. */
    calendarUrl: httpUrl.optional(),
    /** The reporting period, e.g. "từ 15/12/2024 đến 14/6/2025". */
    periodLabel: text.optional(),
    /** The coordinating agency, which signs every message and receives `escalation-coordinator` and `report-ready`. */
    coordinatorName: text,
    /** Required for the campaign kinds, e.g. "Tháng hành động vì bình đẳng giới và phòng, chống bạo lực trên cơ sở giới". */
    campaignName: text.optional(),
    campaignStart: isoDate.optional(),
    campaignEnd: isoDate.optional(),
    /** Required for `extension-granted`. */
    newDueDate: isoDate.optional(),
    /** Why an extension was granted. */
    reason: text.optional(),
    /** When a submission was received, ISO-8601 with offset; required for `submission-receipt`. */
    receivedAt: z.iso
      .datetime({ offset: true, error: 'phải là thời điểm ISO-8601 / must be an ISO-8601 instant' })
      .optional(),
    /** Names of agencies that have not submitted (for `report-ready`). */
    overdueAgencies: z.array(text).optional(),
    /** Link to the consolidated report; required for `report-ready`. */
    reportUrl: httpUrl.optional(),
    /** For `report-ready`: submissions received and agencies expected; give both or neither. */
    submittedCount: z.int().nonnegative().optional(),
    agencyCount: z.int().positive().optional(),
    /**
     * For `digest`: every obligation of the agency reminded that day, each with its own due date and signed link.
     * The top-level `obligationTitle`, `dueDate` and `daysLeft` are those of the earliest.
     */
    items: z
      .array(z.strictObject({ obligationTitle: text, dueDate: isoDate, daysLeft: z.int(), submitUrl: httpUrl }))
      .min(1, 'cần ít nhất một báo cáo / at least one item')
      .optional(),
    /** Reminders already sent to the agency's focal point (for escalations). */
    remindersSent: z.int().nonnegative().optional(),
  })
  .refine((ctx) => (ctx.submittedCount === undefined) === (ctx.agencyCount === undefined), {
    message: 'submittedCount và agencyCount phải đi cùng nhau / give submittedCount and agencyCount together',
    path: ['agencyCount'],
  });

export type MessageContext = z.output<typeof MessageContext>;
export type MessageContextInput = z.input<typeof MessageContext>;

const CAMPAIGN = ['agencyName', 'campaignName', 'campaignStart', 'campaignEnd'] as const;

/** Fields a kind cannot do without, beyond those the schema always requires. */
export const REQUIRED_FIELDS: Readonly<Record<MessageKind, readonly (keyof MessageContext)[]>> = {
  upcoming: ['agencyName'],
  'due-today': ['agencyName'],
  overdue: ['agencyName'],
  'escalation-head': ['agencyName'],
  'escalation-coordinator': ['agencyName'],
  'extension-granted': ['agencyName', 'newDueDate'],
  'submission-receipt': ['agencyName', 'receivedAt'],
  'campaign-notice': CAMPAIGN,
  'campaign-kickoff': CAMPAIGN,
  'campaign-reminder': CAMPAIGN,
  'report-ready': ['reportUrl'],
  digest: ['agencyName', 'items'],
};

export const CONTEXT_KEYS = Object.keys(MessageContext.shape) as (keyof MessageContext)[];

/** The data given for a message does not fit {@link MessageContext} or the kind's {@link REQUIRED_FIELDS}. */
export class MessageContextError extends Error {
  override readonly name = 'MessageContextError';
  constructor(
    readonly kind: MessageKind,
    readonly issues: readonly { path: string; message: string }[],
  ) {
    super(
      `Dữ liệu thông báo "${kind}" không hợp lệ / invalid data for message "${kind}":\n` +
        issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n'),
    );
  }
}
