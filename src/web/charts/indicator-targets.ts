/**
 * The indicators against their targets: one bar per indicator for the result as a share of the year's target,
 * with the 100% line and the figures written at the bar's end; an indicator without a numeric target or result
 * says so in words.
 */
import type { IndicatorRow } from '../../domain/report-compile';
import { formatNumber } from '../../domain/vietnamese-format';
import { rect, svgDocument, text, type Svg } from './svg';

export interface IndicatorBar {
  code: string;
  name: string;
  unit: string;
  result: number | null;
  target: number | string | null;
  percent: number | null;
}

export function indicatorBars(rows: readonly IndicatorRow[]): IndicatorBar[] {
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    unit: r.unit,
    result: r.result,
    target: r.target,
    percent: r.achievementPercent,
  }));
}

export function indicatorSvg(bars: readonly IndicatorBar[], id: string): Svg {
  const [NAME, BAR, ROW, TOP] = [300, 300, 22, 24];
  const scale = (p: number) => (Math.min(p, 150) / 150) * BAR;
  let body =
    text(4, 14, 'Chỉ tiêu', { bold: true }) + text(NAME, 14, 'Kết quả so với kế hoạch năm (%)', { bold: true });
  bars.forEach((b, i) => {
    const y = TOP + i * ROW;
    const name = `${b.code} ${b.name}`;
    body += text(4, y + 15, name.length > 46 ? `${name.slice(0, 45)}…` : name, { size: 11 });
    if (b.percent === null) {
      body += text(NAME + 4, y + 15, b.result === null ? 'chưa có số liệu' : 'không có chỉ tiêu số', { size: 11 });
      return;
    }
    const met = b.percent >= 100;
    body += rect(
      NAME,
      y + 3,
      scale(b.percent),
      ROW - 6,
      met ? '#5aa469' : 'url(#p-late)',
      ' stroke="#555" stroke-width="0.6"',
    );
    body += text(
      NAME + scale(b.percent) + 4,
      y + 15,
      `${formatNumber(b.percent, { maximumFractionDigits: 1 })}% ${met ? '(đạt)' : '(chưa đạt)'}`,
      { size: 11 },
    );
  });
  const x100 = NAME + scale(100);
  body += `<line x1="${x100}" x2="${x100}" y1="${TOP - 4}" y2="${TOP + bars.length * ROW}" stroke="#7a0f0f" stroke-dasharray="4 3"/>`;
  body += text(x100, TOP + bars.length * ROW + 14, '100%', { anchor: 'middle', size: 11 });
  const met = bars.filter((b) => b.percent !== null && b.percent >= 100).length;
  const measured = bars.filter((b) => b.percent !== null).length;
  return svgDocument({
    id,
    width: NAME + BAR + 120,
    height: TOP + bars.length * ROW + 22,
    title: 'Chỉ tiêu so với kế hoạch năm',
    desc: `${bars.length} chỉ tiêu; ${measured} có kết quả so được với kế hoạch, ${met} đạt hoặc vượt (thanh xanh, chữ "đạt"), ${measured - met} chưa đạt (thanh sọc, chữ "chưa đạt").`,
    body,
  });
}
