/** The plan's policy: when and how reminders and escalations go out, and how the calendar is read. Pure: no I/O. */
import { z } from 'zod';
import { isoDuration, timeOfDay } from './plan-schema-fields';
import { ZaloPolicy } from './zalo-template';

const EscalationStep = z
  .object({
    after: isoDuration,
    notify: z.array(z.enum(['focal', 'head', 'coordinator', 'committee'])).min(1),
  })
  .strict();

export const Policy = z
  .object({
    /** Offsets before the due date at which the agency is reminded. Default P7D, P3D, P1D. */
    reminders: z.array(isoDuration).default(['P7D', 'P3D', 'P1D']),
    /**
     * One more reminder on the first working day after each break of three or more consecutive non-working days
     * (Tết, a holiday joined to a weekend) between the first reminder and the due date: reminders moved to before
     * the break are long forgotten when offices reopen. Default true (absent means on; no default is filled in, so
     * the parsed form and the source hash of plans stored before this key existed stay the same).
     */
    remindAfterLongBreak: z.boolean().optional(),
    /** Local hour of day-based reminders. Default 08:00. */
    reminderHour: timeOfDay.default('08:00'),
    /**
     * How long before a consolidated report's deadline the cycle compiles it and emails it to the coordinator (it
     * compiles earlier once every gathered report is in). Default P3D.
     */
    reportLeadTime: isoDuration.default('P3D'),
    /** Steps after the due date; day offsets count working days. */
    escalation: z.array(EscalationStep).default([
      { after: 'P1D', notify: ['focal', 'head'] },
      { after: 'P3D', notify: ['coordinator'] },
      { after: 'P7D', notify: ['committee'] },
    ]),
    /** Messages only inside these local hours; `false` sends at any hour (demo plans). Default 07:00–20:00. */
    workingHours: z
      .union([z.literal(false), z.object({ from: timeOfDay, to: timeOfDay }).strict()])
      .default({ from: '07:00', to: '20:00' }),
    /** Bộ luật Dân sự 2015 Điều 148: a deadline ending on a day off ends on the next working day. Default true. */
    rollForward: z.boolean().default(true),
    /** Make-up working Saturdays count as working days. Default true. */
    makeUpDaysAreWorkingDays: z.boolean().default(true),
    /** Proposed holidays to treat as days off, e.g. ["24/11"]. Default none. */
    proposedHolidays: z.array(z.literal('24/11')).default([]),
    /** Local time at which a day's deadline ends. Default 23:59. */
    dueTime: timeOfDay.default('23:59'),
    /**
     * The channels each message goes on, in order. Email goes alongside the phone channel; of the phone channels
     * (`zalo`, `sms`) only the first listed is sent, and the later one is its fallback. A message that fails for
     * good goes on the next channel the plan lists, then SMS, then email (see src/activities/channel-order.ts).
     * Default email and SMS.
     */
    channels: z
      .array(z.enum(['email', 'sms', 'zalo']))
      .min(1)
      .refine((c) => new Set(c).size === c.length, 'mỗi kênh chỉ một lần / each channel once')
      .default(['email', 'sms']),
    /** Zalo template messages: the approved template and its parameters per message kind. Required with `zalo`. */
    zalo: ZaloPolicy.optional(),
    /**
     * Local hours each channel delivers at, every day, e.g. `{ sms: { from: "07:00", to: "21:00" } }`; `false`
     * for none. Default SMS and Zalo 07:00–22:00, email any hour; with `workingHours: false` and no windows, none.
     */
    sendWindows: z
      .union([
        z.literal(false),
        z
          .object({
            email: z.union([z.literal(false), z.object({ from: timeOfDay, to: timeOfDay }).strict()]).optional(),
            sms: z.union([z.literal(false), z.object({ from: timeOfDay, to: timeOfDay }).strict()]).optional(),
            zalo: z.union([z.literal(false), z.object({ from: timeOfDay, to: timeOfDay }).strict()]).optional(),
          })
          .strict(),
      ])
      .optional(),
    smsWithoutDiacritics: z.boolean().default(false),
    /**
     * One email a day per agency: the day's first reminder to an agency sends one digest listing every obligation
     * of the agency reminded that local day, and the day's later reminders send no email of their own. SMS stays
     * one message per reminder. Default false (absent: no default is filled in, so the parsed form, and with it the
     * source hash of every plan stored before this key existed, stays the same).
     */
    digest: z.boolean().optional(),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.channels.includes('zalo') && !p.zalo) {
      ctx.addIssue({
        code: 'custom',
        path: ['zalo'],
        message: 'cần khai báo mẫu tin Zalo khi dùng kênh zalo / Zalo templates are required with the zalo channel',
      });
    }
  });
export type Policy = z.infer<typeof Policy>;
