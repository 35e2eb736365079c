/**
 * The agencies every Vietnamese province has (names as the plans of 2014–2020 write them), so a document can be
 * matched before the province's own directory is loaded. Data, not rules: a caller passes its directory as
 * `known` agencies and they win over these. Names belong to their time (departments were merged in 2025): an
 * old name is matched to the old agency, never renamed.
 */
import type { AGENCY_KINDS, Contact } from '../domain/plan-schema-agencies';

export interface KnownAgency {
  code: string;
  name: string;
  kind: (typeof AGENCY_KINDS)[number];
  /** Other spellings: short names, abbreviations ("Sở LĐ-TB&XH"), names without "tỉnh". */
  aliases?: string[];
  /** From the province's directory: carried into the draft. */
  contacts?: Contact[];
}

const dept = (code: string, name: string, aliases: string[] = []): KnownAgency => ({
  code,
  name,
  kind: 'department',
  aliases,
});

export const PROVINCE_AGENCIES: readonly KnownAgency[] = [
  { code: 'UBND-TINH', name: 'Ủy ban nhân dân tỉnh', kind: 'committee', aliases: ['UBND tỉnh'] },
  dept('SLDTBXH', 'Sở Lao động - Thương binh và Xã hội'),
  dept('SNV', 'Sở Nội vụ'),
  dept('SKHDT', 'Sở Kế hoạch và Đầu tư'),
  dept('STC', 'Sở Tài chính'),
  dept('STP', 'Sở Tư pháp'),
  dept('STTTT', 'Sở Thông tin và Truyền thông'),
  dept('SYT', 'Sở Y tế'),
  dept('SGDDT', 'Sở Giáo dục và Đào tạo'),
  dept('SVHTTDL', 'Sở Văn hóa, Thể thao và Du lịch'),
  dept('SVHTT', 'Sở Văn hóa và Thể thao', ['Sở Văn hóa - Thể thao']),
  dept('SDL', 'Sở Du lịch'),
  dept('SKHCN', 'Sở Khoa học và Công nghệ'),
  dept('SNNPTNT', 'Sở Nông nghiệp và Phát triển nông thôn'),
  dept('STNMT', 'Sở Tài nguyên và Môi trường'),
  dept('SCT', 'Sở Công Thương'),
  dept('SXD', 'Sở Xây dựng'),
  dept('SGTVT', 'Sở Giao thông vận tải'),
  dept('SNGV', 'Sở Ngoại vụ'),
  dept('BDT', 'Ban Dân tộc tỉnh', ['Ban Dân tộc']),
  dept('CAT', 'Công an tỉnh'),
  dept('CTK', 'Cục Thống kê tỉnh', ['Cục Thống kê']),
  dept('BHXH', 'Bảo hiểm xã hội tỉnh', ['Bảo hiểm xã hội']),
  dept('TTR', 'Thanh tra tỉnh'),
  dept('VP-UBND', 'Văn phòng UBND tỉnh', ['Văn phòng Ủy ban nhân dân tỉnh']),
  { code: 'BTCTU', name: 'Ban Tổ chức Tỉnh ủy', kind: 'other' },
  { code: 'BTGTU', name: 'Ban Tuyên giáo Tỉnh ủy', kind: 'other' },
  { code: 'BCHQS', name: 'Bộ Chỉ huy Quân sự tỉnh', kind: 'other' },
  { code: 'BCHBP', name: 'Bộ Chỉ huy Bộ đội Biên phòng tỉnh', kind: 'other' },
  {
    code: 'DAI-PTTH',
    name: 'Đài Phát thanh và Truyền hình tỉnh',
    kind: 'other',
    aliases: ['Đài Phát thanh - Truyền hình tỉnh', 'Đài Phát thanh - Truyền hình', 'Đài Phát thanh và Truyền hình'],
  },
  { code: 'NHCSXH', name: 'Ngân hàng Chính sách xã hội tỉnh', kind: 'other', aliases: ['Ngân hàng Chính sách xã hội'] },
  { code: 'CDYT', name: 'Trường Cao đẳng Y tế', kind: 'other' },
  {
    code: 'HLHPN',
    name: 'Hội Liên hiệp Phụ nữ tỉnh',
    kind: 'organisation',
    aliases: ['Hội Liên hiệp Phụ nữ', 'Hội LHPN tỉnh', 'Hội LHPN'],
  },
  {
    code: 'UBMTTQ',
    name: 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh',
    kind: 'organisation',
    aliases: [
      'Ủy ban MTTQ Việt Nam tỉnh',
      'Ủy ban MTTQ tỉnh',
      'Ủy ban Mặt trận Tổ quốc tỉnh',
      'UBMTTQVN tỉnh',
      'Ủy ban MTTQ Việt Nam',
    ],
  },
  { code: 'LDLD', name: 'Liên đoàn Lao động tỉnh', kind: 'organisation', aliases: ['Liên đoàn Lao động'] },
  { code: 'TINH-DOAN', name: 'Tỉnh đoàn', kind: 'organisation', aliases: ['Tỉnh Đoàn Thanh niên'] },
  { code: 'HND', name: 'Hội Nông dân tỉnh', kind: 'organisation', aliases: ['Hội Nông dân'] },
  { code: 'HCCB', name: 'Hội Cựu chiến binh tỉnh', kind: 'organisation', aliases: ['Hội Cựu chiến binh'] },
];
