import { findCampaignWindows } from '../../src/importer/campaign-windows';
import { agencyMatcher, scanAgencies } from '../../src/importer/agency-names';

const windows = (line: string) =>
  findCampaignWindows(line).map((w) => ({
    text: w.text,
    window: `${w.from.day}/${w.from.month}–${w.to.day}/${w.to.month}`,
    year: w.year,
    named: w.named,
  }));

describe('campaign windows', () => {
  it('the forms of the documents', () => {
    expect(windows('Tổ chức Tháng hành động về bình đẳng giới từ 15/11 đến 15/12 (Tháng hành động).')).toEqual([
      { text: 'từ 15/11 đến 15/12', window: '15/11–15/12', year: undefined, named: true },
    ]);
    expect(windows('Tháng hành động vì bình đẳng giới từ ngày 15-11 đến 15-12-2021')).toEqual([
      { text: 'từ ngày 15-11 đến 15-12-2021', window: '15/11–15/12', year: 2021, named: true },
    ]);
    expect(windows('Tuần lễ cao điểm từ ngày 10 - 15/11 hằng năm')).toEqual([
      { text: 'từ ngày 10 - 15/11', window: '10/11–15/11', year: undefined, named: true },
    ]);
    expect(windows('Chiến dịch truyền thông diễn ra 15/11/2016 đến 15/12/2016')).toEqual([
      { text: '15/11/2016 đến 15/12/2016', window: '15/11–15/12', year: 2016, named: true },
    ]);
    expect(windows('Tháng hành động vì bình đẳng giới trong thời gian từ 15/11-15/12 năm 2017')).toEqual([
      { text: 'từ 15/11-15/12', window: '15/11–15/12', year: 2017, named: true },
    ]);
    expect(windows('hưởng ứng “Tháng hành động quốc gia về phòng, chống bạo lực gia đình” (tháng 6).')).toEqual([
      { text: '(tháng 6)', window: '1/6–30/6', year: undefined, named: true },
    ]);
  });

  it('a bare window on a line that names no campaign is not a campaign', () => {
    expect(windows('Kỳ chốt số liệu từ ngày 15/12 đến ngày 14/6.')).toEqual([
      { text: 'từ ngày 15/12 đến ngày 14/6', window: '15/12–14/6', year: undefined, named: false },
    ]);
  });

  it('the campaign’s name comes from its line', () => {
    expect(findCampaignWindows('5. Tổ chức Tháng hành động về bình đẳng giới từ 15/11 đến 15/12')[0]?.name).toBe(
      'Tháng hành động về bình đẳng giới',
    );
  });
});

describe('agency names', () => {
  const codes = (text: string) => scanAgencies([{ line: 1, text }]).agencies.map((a) => [a.code, a.text]);

  it('one agency however it is written', () => {
    expect(
      codes('Sở LĐ-TB&XH; Sở LĐTBXH; Sở Lao động - Thương binh và Xã hội; Sở Lao động- Thương binh và Xã hội'),
    ).toEqual([
      ['SLDTBXH', 'Sở Lao động - Thương binh và Xã hội'],
      ['SLDTBXH', 'Sở Lao động- Thương binh và Xã hội'],
      ['SLDTBXH', 'Sở LĐ-TB&XH'],
      ['SLDTBXH', 'Sở LĐTBXH'],
    ]);
    expect(codes('SởVăn hóa, Thể thao và Du lịch; Sở VHTTDL; Sở TT&TT; Uỷ ban nhân dân tỉnh')).toEqual([
      ['SVHTTDL', 'SởVăn hóa, Thể thao và Du lịch'],
      ['UBND-TINH', 'Uỷ ban nhân dân tỉnh'],
      ['SVHTTDL', 'Sở VHTTDL'],
      ['STTTT', 'Sở TT&TT'],
    ]);
  });

  it('lowercase words in passing are not agencies', () => {
    expect(codes('theo quyết định số tp và các số; xây dựng đài phát thanh và truyền hình')).toEqual([]);
  });

  it('names listed without their "Sở"', () => {
    expect(codes('7. Các Sở, ngành: Y tế; Giáo dục và Đào tạo; Ban Dân tộc:').map((c) => c[0])).toEqual([
      'BDT',
      'SYT',
      'SGDDT',
    ]);
  });

  it('groups are groups; an unknown name is listed, never invented', () => {
    const scan = scanAgencies([{ line: 4, text: 'UBND các huyện, thị xã, thành phố và Sở Ngoại Thương Mới phối hợp' }]);
    expect(scan.groups.map((g) => [g.group, g.text])).toEqual([['districts', 'UBND các huyện, thị xã, thành phố']]);
    expect(scan.agencies).toEqual([]);
    expect(scan.unmatched).toEqual([{ text: 'Sở Ngoại Thương Mới', line: 4 }]);
  });

  it('an unknown name runs on across a comma while the next word opens no other agency', () => {
    const unmatched = (text: string) => scanAgencies([{ line: 1, text }]).unmatched.map((u) => u.text);
    expect(unmatched('Sở Giao thông, Xây dựng và Quy hoạch, Sở Ngoại vụ phối hợp tuyên truyền.')).toEqual([
      'Sở Giao thông, Xây dựng và Quy hoạch',
    ]);
    expect(unmatched('Sở Văn hóa, TT&DL chủ trì')).toEqual(['Sở Văn hóa, TT&DL']);
    expect(unmatched('theo hướng dẫn của Bộ Tài chính và Bộ Lao động, Thương binh và Xã hội.')).toEqual([
      'Bộ Tài chính',
      'Bộ Lao động, Thương binh và Xã hội',
    ]);
    expect(unmatched('Bộ Kế hoạch và Đầu tư quy định nội dung; Bộ luật Lao động.')).toEqual(['Bộ Kế hoạch và Đầu tư']);
    expect(unmatched('Sở Quy hoạch - Kiến trúc, Phòng Cảnh sát kinh tế phối hợp')).toEqual([
      'Sở Quy hoạch - Kiến trúc',
    ]);
  });

  it('the province’s own list is matched first', () => {
    const matcher = agencyMatcher([
      { code: 'SNV-QT', name: 'Sở Nội vụ tỉnh Quảng Trị', kind: 'department', aliases: ['Sở Nội vụ'] },
    ]);
    expect(scanAgencies([{ line: 1, text: 'Sở Nội vụ chủ trì' }], matcher).agencies.map((a) => a.code)).toEqual([
      'SNV-QT',
    ]);
  });
});
