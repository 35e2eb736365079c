/** The assignment page's words after "Nhắc ngay": now, or the next opening of working hours in Việt Nam time. */
import { formatSendAt, remindMessage, REMIND_NOW_MESSAGE } from '../../src/web/remind-message';

test('outside working hours the page names the next opening, in Asia/Ho_Chi_Minh', () => {
  expect(remindMessage('2026-12-02T00:00:00.000Z')).toBe(
    'Ngoài giờ làm việc: thư nhắc đã được xếp lịch và sẽ gửi lúc 07:00 thứ Tư, 02/12/2026.',
  );
  expect(formatSendAt('2026-12-06T01:30:00Z')).toBe('08:30 Chủ nhật, 06/12/2026');
  expect(formatSendAt('2026-12-02T07:00:00+07:00')).toBe('07:00 thứ Tư, 02/12/2026');
});

test('in working hours, or with no usable instant, the reminder goes out now', () => {
  expect(REMIND_NOW_MESSAGE).toBe('Đã gửi yêu cầu nhắc; thư nhắc sẽ được gửi trong giây lát.');
  expect(remindMessage(undefined)).toBe(REMIND_NOW_MESSAGE);
  expect(remindMessage('2026-12-02T07:00')).toBe(REMIND_NOW_MESSAGE);
  expect(remindMessage(['2026-12-02T00:00:00Z'])).toBe(REMIND_NOW_MESSAGE);
});
