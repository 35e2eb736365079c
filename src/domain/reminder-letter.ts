/**
 * The công văn đôn đốc (formal reminder letter) a coordinator sends an agency still late at the end of the
 * escalation ladder, as data: who issues it, to whom, about which overdue reports. The number and the date are
 * left to the province's e-office system, which numbers and dates the letter when it is signed. Pure: the caller
 * gives today's date.
 */
import { daysBetween, obligationTitleOf } from './message-context';
import type { Plan } from './plan-schema';
import { formatShortDate } from './vietnamese-format';

export interface OverdueEntry {
  agencyCode: string;
  obligationId: string;
  /** The legal last day, YYYY-MM-DD. */
  dueDate: string;
}

export interface LetterAddressee {
  name: string;
  /** Each overdue report: "Báo cáo năm …, hạn 10/6/2026 (quá hạn 12 ngày)". */
  reports: string[];
}

export interface ReminderLetter {
  /** The governing body above the issuer (cơ quan chủ quản), upper case; null when there is none. */
  parent: string | null;
  /** The issuing body (the plan's coordinator), upper case. */
  issuer: string;
  /** `Số: …/…`: the e-office system writes the number. */
  number: string;
  /** Trích yếu: `V/v đôn đốc gửi báo cáo …`. */
  subject: string;
  /** `<Địa danh>, ngày … tháng … năm …`: dated when signed. */
  placeAndDate: string;
  addressees: LetterAddressee[];
  /** The body's paragraphs; the overdue reports are listed after the first. */
  opening: string;
  closing: string[];
  /** Nơi nhận, each line as written (`- Như trên;`). */
  recipients: string[];
  /** The signing authority (`GIÁM ĐỐC`), with room for the signature and the name under it. */
  signerTitle: string;
}

const upper = (s: string) => s.toLocaleUpperCase('vi');
const withoutParenthesis = (s: string) => s.replace(/\s*\([^)]*\)\s*/g, ' ').trim();

/** "Thừa Thiên Huế" from "UBND tỉnh Thừa Thiên Huế" or "Ủy ban nhân dân thành phố Cần Thơ"; null when unnamed. */
function placeOf(name: string | undefined): string | null {
  const m = name?.match(/(?:tỉnh|thành phố|Thành phố|Tỉnh)\s+(.+)$/);
  return m?.[1]?.trim() ?? null;
}

/**
 * The letter to the agencies of `entries` (one agency, or every late agency at once), each with its overdue
 * reports in due-date order. `entries` must not be empty.
 */
export function reminderLetterOf(plan: Plan, entries: readonly OverdueEntry[], today: string): ReminderLetter {
  if (entries.length === 0) throw new Error('a reminder letter lists at least one overdue report');
  const nameOf = (code: string) => withoutParenthesis(plan.agencies.find((a) => a.code === code)?.name ?? code);
  const coordinator = nameOf(plan.coordinator);
  const committee = plan.committee ? nameOf(plan.committee) : null;
  // Addressees in the plan's order of agencies, each one's reports by deadline.
  const order = (code: string) => plan.agencies.findIndex((a) => a.code === code);
  const byAgency = new Map<string, OverdueEntry[]>();
  const sorted = [...entries].sort(
    (a, b) => order(a.agencyCode) - order(b.agencyCode) || a.dueDate.localeCompare(b.dueDate),
  );
  for (const e of sorted) {
    byAgency.set(e.agencyCode, [...(byAgency.get(e.agencyCode) ?? []), e]);
  }
  const addressees = [...byAgency].map(([code, list]) => ({
    name: nameOf(code),
    reports: list.map((e) => {
      const late = daysBetween(e.dueDate, today);
      return `${obligationTitleOf(plan, e.obligationId)}, hạn ngày ${formatShortDate(e.dueDate)}${late > 0 ? ` (quá hạn ${late} ngày)` : ''}`;
    }),
  }));
  const single = addressees.length === 1;
  const you = single ? 'quý cơ quan' : 'các cơ quan, đơn vị';
  const document = plan.document?.number ? ` (số ${plan.document.number})` : '';
  const place = placeOf(committee ?? undefined) ?? '……';
  return {
    parent: committee && committee !== coordinator ? upper(committee) : null,
    issuer: upper(coordinator),
    number: 'Số: …/…',
    subject: `V/v đôn đốc gửi báo cáo thực hiện ${plan.title}`,
    placeAndDate: `${place}, ngày … tháng … năm …`,
    addressees,
    opening:
      `Thực hiện ${plan.title}${document}, ${coordinator} đã nhắc ${you} gửi báo cáo theo thời hạn quy định. ` +
      `Đến nay, ${single ? `${addressees[0]?.name ?? ''} chưa gửi các báo cáo sau` : 'các cơ quan, đơn vị sau chưa gửi báo cáo'}:`,
    closing: [
      `Để kịp thời tổng hợp, báo cáo ${committee ?? 'cấp có thẩm quyền'} theo quy định, ${coordinator} đề nghị ${you} khẩn trương hoàn thành và gửi báo cáo trước ngày … tháng … năm … .`,
      `Đề nghị ${you} quan tâm, chỉ đạo thực hiện./.`,
    ],
    recipients: ['- Như trên;', ...(committee ? [`- ${committee} (để b/c);`] : []), '- Lưu: VT, … .'],
    signerTitle: /^Sở\s/.test(coordinator) ? 'GIÁM ĐỐC' : 'THỦ TRƯỞNG CƠ QUAN',
  };
}
