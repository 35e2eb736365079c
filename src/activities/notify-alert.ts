/**
 * The coordinator's alert when a message could not be delivered for good. It is an internal, operational message
 * (what failed, why, what was tried instead), composed here rather than from templates/: those are the messages
 * agencies receive and that a coordinator's IT staff edit.
 */
export interface DeliveryFailure {
  coordinatorName: string;
  agencyName: string;
  planTitle: string;
  obligationTitle: string;
  /** The failed message: its subject (email) or its text (SMS). */
  what: string;
  channel: 'email' | 'sms' | 'zalo';
  recipient: string;
  error: string;
  /** What was tried instead. */
  fallback:
    | { channel: 'email' | 'sms' | 'zalo'; recipient: string; outcome: 'sent' }
    | { channel: 'email' | 'sms' | 'zalo'; recipient: string; outcome: 'failed'; error: string }
    | { outcome: 'planned'; channel: 'email' | 'sms' | 'zalo' }
    | { outcome: 'none' };
  /** The failed message's outbox key, to find it in the records. */
  key: string;
}

const CHANNEL = { email: 'thư điện tử / email', sms: 'SMS', zalo: 'Zalo' } as const;

function fallbackLine(f: DeliveryFailure['fallback']): string {
  switch (f.outcome) {
    case 'sent':
      return `đã gửi thay qua ${CHANNEL[f.channel]} tới ${f.recipient} / sent instead by ${f.channel} to ${f.recipient}`;
    case 'failed':
      return `gửi thay qua ${CHANNEL[f.channel]} tới ${f.recipient} cũng không được (${f.error}) / the ${f.channel} fallback failed too`;
    case 'planned':
      return `kế hoạch cũng gửi qua ${CHANNEL[f.channel]} / the plan also sends by ${f.channel}`;
    case 'none':
      return 'không có (liên hệ không có kênh khác) / none (the contact has no other channel)';
  }
}

export function deliveryFailureEmail(f: DeliveryFailure): { subject: string; text: string; html: string } {
  const subject = `[Nhắc Hạn] Không gửi được thông báo tới ${f.agencyName} / delivery failed`;
  const rows: [string, string][] = [
    ['Thông báo / message', f.what],
    ['Kế hoạch / plan', f.planTitle],
    ['Nội dung / obligation', f.obligationTitle],
    ['Người nhận / recipient', `${f.recipient} (${CHANNEL[f.channel]})`],
    ['Lý do / reason', f.error],
    ['Kênh thay thế / fallback', fallbackLine(f.fallback)],
    ['Mã / key', f.key],
  ];
  const intro = `Hệ thống Nhắc Hạn không gửi được thông báo tới ${f.agencyName}.`;
  const ask =
    `Đề nghị kiểm tra thông tin liên hệ của ${f.agencyName} trong kế hoạch và báo cho cơ quan bằng cách khác nếu cần. ` +
    `/ Please check the agency's contacts in the plan and reach it another way if needed.`;
  const text = [
    `Kính gửi: ${f.coordinatorName}`,
    '',
    intro,
    '',
    ...rows.map(([k, v]) => `- ${k}: ${v}`),
    '',
    ask,
    '',
    'Hệ thống Nhắc Hạn',
    '',
  ].join('\n');
  const html =
    '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8"><title>' +
    escapeHtml(subject) +
    '</title></head>\n<body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;">\n' +
    `<p>Kính gửi: <strong>${escapeHtml(f.coordinatorName)}</strong></p>\n<p>${escapeHtml(intro)}</p>\n<table>\n` +
    rows
      .map(
        ([k, v]) =>
          `<tr><th scope="row" style="text-align:left;padding:4px 8px;">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
      )
      .join('\n') +
    `\n</table>\n<p>${escapeHtml(ask)}</p>\n<p>Hệ thống Nhắc Hạn</p>\n</body>\n</html>\n`;
  return { subject, text, html };
}

/** For a coordinator reachable only by phone: one short message, details in the records. */
export function deliveryFailureSms(f: DeliveryFailure): string {
  return `[Nhắc Hạn] Không gửi được thông báo tới ${f.agencyName} (${f.recipient}): ${f.error}`.slice(0, 300);
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
