import { esc, layout } from './html';

export function homePage(o: { temporalUiUrl: string | null; mailbox: boolean; web?: boolean }): string {
  const links = [
    o.web ? '<li><a href="/plans">Kế hoạch và bảng theo dõi (đăng nhập)</a></li>' : '',
    '<li><a href="/healthz">Tình trạng hệ thống (/healthz)</a></li>',
    '<li><a href="/openapi.json">Tài liệu API (OpenAPI)</a></li>',
    o.mailbox ? '<li><a href="/mailbox">Hộp thư thử nghiệm</a></li>' : '',
    o.temporalUiUrl ? `<li><a href="${esc(o.temporalUiUrl)}">Temporal Web UI (vận hành)</a></li>` : '',
  ].join('');
  return layout(
    'Trang chủ',
    `<h1>Nhắc Hạn</h1><p>Hệ thống nhắc hạn báo cáo cho cơ quan hành chính.</p><ul>${links}</ul>`,
  );
}
