import type { MailboxMessage } from '../../embedded/mailbox';
import { esc, layout } from './html';

/** The embedded mailbox, newest first: what agencies would have received. */
export function mailboxPage(messages: MailboxMessage[]): string {
  const rows = messages
    .map(
      (
        m,
      ) => `<details><summary>${esc(new Date(m.date).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }))} — ${esc(m.to)} — ${esc(m.subject)}</summary>
<p><strong>Từ:</strong> ${esc(m.from)}<br><strong>Đến:</strong> ${esc(m.to)}</p><pre>${esc(m.text)}</pre></details>`,
    )
    .join('\n');
  return layout(
    'Hộp thư thử nghiệm',
    `<h1>Hộp thư thử nghiệm</h1><p>Các thư máy chủ SMTP nội bộ đã nhận (${messages.length}), mới nhất trước. Dữ liệu JSON: <a href="/api/dev/mailbox">/api/dev/mailbox</a>.</p>${rows || '<p>Chưa có thư nào.</p>'}`,
  );
}
