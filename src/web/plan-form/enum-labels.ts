/** The Vietnamese names of the plan file's enumerated values, as the editor shows them (the file keeps the codes). */
import { type AGENCY_KINDS, type CONTACT_ROLES } from '../../domain/plan-schema-agencies';
import { type AGGREGATES, type OBLIGATION_KINDS } from '../../domain/plan-schema-obligations';

type Labels<K extends string> = Record<K, string>;

export const AGENCY_KIND_LABELS: Labels<(typeof AGENCY_KINDS)[number]> = {
  committee: 'Ủy ban nhân dân',
  department: 'Sở, ban, ngành',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  organisation: 'Tổ chức, đoàn thể',
  other: 'Khác',
};
export const CONTACT_ROLE_LABELS: Labels<(typeof CONTACT_ROLES)[number]> = {
  focal: 'Cán bộ đầu mối',
  head: 'Lãnh đạo cơ quan',
  coordinator: 'Cán bộ điều phối',
};
export const OBLIGATION_KIND_LABELS: Labels<(typeof OBLIGATION_KINDS)[number]> = {
  plan: 'Kế hoạch',
  'semi-annual-report': 'Báo cáo 6 tháng',
  'annual-report': 'Báo cáo năm',
  'consolidated-report': 'Báo cáo tổng hợp',
  report: 'Báo cáo',
  activity: 'Hoạt động',
};
export const RULE_TYPE_LABELS = {
  yearly: 'Hằng năm, vào một ngày/tháng',
  'last-week-of-month': 'Tuần cuối của một tháng',
  once: 'Một lần, vào một ngày',
  'in-years': 'Vào những năm nhất định',
  'every-year': 'Hằng năm (mặc định ngày 31/12)',
  instant: 'Một thời điểm chính xác (thử nghiệm)',
} as const;
export const INCLUSIVE_LABELS = {
  '': 'Mặc định: còn hạn trong ngày ghi',
  true: 'Còn hạn trong ngày ghi (“chậm nhất ngày…”, “đến ngày…”)',
  false: 'Hết hạn trước ngày ghi (“trước ngày…”)',
} as const;
export const AUDIENCE_MODE_LABELS = {
  all: 'Tất cả cơ quan (trừ cơ quan điều phối và UBND tỉnh)',
  group: 'Một nhóm (hoặc một cơ quan)',
  list: 'Danh sách mã cơ quan',
} as const;
export const AGGREGATE_LABELS: Labels<(typeof AGGREGATES)[number]> = {
  sum: 'Cộng tổng các cơ quan',
  average: 'Trung bình các cơ quan',
  rate: 'Tỷ lệ (%)',
  none: 'Một số liệu chung của tỉnh',
};
export const NOTIFY_LABELS = {
  focal: 'Cán bộ đầu mối',
  head: 'Lãnh đạo cơ quan',
  coordinator: 'Cơ quan điều phối',
  committee: 'UBND tỉnh',
} as const;
export const CHANNEL_LABELS = { email: 'Thư điện tử', sms: 'Tin nhắn SMS' } as const;
export const YES_NO_LABELS = { true: 'Có', false: 'Không' } as const;
export const DEFAULT_YES_NO_LABELS = { '': 'Mặc định', true: 'Có', false: 'Không' } as const;
export const WORKING_HOURS_MODE_LABELS = { hours: 'Chỉ trong giờ', off: 'Gửi bất kỳ giờ nào' } as const;
export const PROPOSED_HOLIDAY_LABELS = { '24/11': '24/11 – Ngày Văn hóa Việt Nam (đề xuất)' } as const;
