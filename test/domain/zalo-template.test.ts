/** Zalo templates in the plan policy, the channel order and the channels' send windows: pure rules. */
import { fallbackChannels, primaryChannels } from '../../src/activities/channel-order';
import { channelWindow, windowDecision } from '../../src/domain/channel-window';
import { PlanSchema } from '../../src/domain/plan-schema';
import { zaloTemplateMessage } from '../../src/domain/zalo-template';
import { testPlan } from '../notify/notify-fixtures';

const issues = (policy: unknown) => {
  const r = PlanSchema.safeParse({ ...testPlan({ code: 'Z' }), policy });
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

test('a template parameter naming a field the kind does not always carry is refused with its path', () => {
  expect(
    issues({
      channels: ['zalo', 'email'],
      zalo: {
        templates: { 'campaign-notice': { templateId: '301', params: { link: 'submitUrl', ten: 'agencyName' } } },
      },
    }),
  ).toEqual([
    'policy.zalo.templates.campaign-notice.params.link: "submitUrl" không có trong mọi thông báo "campaign-notice"; ' +
      'dùng được: planTitle, obligationTitle, dueDate, daysLeft, coordinatorName, agencyName, campaignName, ' +
      'campaignStart, campaignEnd / not a field every "campaign-notice" message has; allowed: planTitle, ' +
      'obligationTitle, dueDate, daysLeft, coordinatorName, agencyName, campaignName, campaignStart, campaignEnd',
  ]);
  expect(issues({ channels: ['zalo'] })).toEqual([
    'policy.zalo: cần khai báo mẫu tin Zalo khi dùng kênh zalo / Zalo templates are required with the zalo channel',
  ]);
  expect(
    issues({ channels: ['zalo'], zalo: { templates: { upcoming: { templateId: 'abc', params: { a: 'dueDate' } } } } }),
  ).toEqual([
    'policy.zalo.templates.upcoming.templateId: phải là mã mẫu Zalo (chỉ chữ số) / must be a Zalo template id (digits)',
  ]);
  expect(
    issues({
      channels: ['zalo', 'sms'],
      zalo: { templates: { upcoming: { templateId: '301', params: { a: 'submitUrl' } } } },
    }),
  ).toEqual([]);
});

test('template data: dates the Vietnamese way, numbers as text', () => {
  const policy = { templates: { upcoming: { templateId: '301', params: { han: 'dueDate', con: 'daysLeft' } } } };
  expect(zaloTemplateMessage(policy, 'upcoming', { dueDate: '2027-06-10', daysLeft: 7 })).toEqual({
    templateId: '301',
    templateData: { han: '10/6/2027', con: '7' },
  });
  expect(zaloTemplateMessage(policy, 'overdue', { dueDate: '2027-06-10' })).toBeNull();
});

test('channel order: one phone channel, the next listed as its fallback, then SMS, then email', () => {
  const all = { zalo: true, sms: true };
  expect(primaryChannels(['zalo', 'sms', 'email'], all)).toEqual(['zalo', 'email']);
  expect(fallbackChannels('zalo', ['zalo', 'sms', 'email'], all)).toEqual(['sms', 'email']);
  expect(fallbackChannels('zalo', ['zalo', 'email'], all)).toEqual(['email', 'sms']);
  expect(primaryChannels(['zalo', 'sms'], { zalo: false, sms: true })).toEqual(['sms']); // no template for the kind
  // SMS_PROVIDER=zalo: the plan's sms is Zalo, and there is no SMS to fall back to.
  expect(primaryChannels(['email', 'sms'], { zalo: true, sms: false })).toEqual(['email', 'zalo']);
  expect(fallbackChannels('zalo', ['email', 'sms'], { zalo: true, sms: false })).toEqual(['email']);
  expect(fallbackChannels('email', ['email'], all)).toEqual(['sms']);
});

test('send windows: SMS and Zalo 07:00–22:00 by default, none for plans sent at any hour', () => {
  const policy = { workingHours: { from: '07:00', to: '20:00' } };
  expect(channelWindow('zalo', policy)).toEqual({ from: '07:00', to: '22:00' });
  expect(channelWindow('email', policy)).toBe(false);
  expect(channelWindow('sms', { workingHours: false })).toBe(false);
  expect(channelWindow('sms', { workingHours: false, sendWindows: { sms: { from: '08:00', to: '21:00' } } })).toEqual({
    from: '08:00',
    to: '21:00',
  });
  const at2230 = new Date('2027-06-03T15:30:00Z'); // 22:30 in Hà Nội
  expect(windowDecision(at2230, { from: '07:00', to: '22:00' })).toEqual({
    send: false,
    delayMs: 8.5 * 3600_000,
    opensAt: '2027-06-04T07:00:00.000+07:00',
  });
  expect(windowDecision(new Date('2027-06-03T14:59:00Z'), { from: '07:00', to: '22:00' })).toEqual({ send: true });
});
