/**
 * Calendar feeds over real HTTP, parsed with ical.js: a reminder email carries the agency's feed (a link ending in
 * `.ics`, answered `text/calendar`); each deadline is an event with its reminders as VALARMs; a moved deadline keeps
 * its UID with a higher SEQUENCE; coordinators have a feed behind their session and a personal signed URL.
 */
import type IcalJs from 'ical.js' with { 'resolution-mode': 'import' };
import { createActivities } from '../../src/activities';
import { signLink } from '../../src/security/signed-link';
import { seedPlan, testPlan } from '../notify/notify-fixtures';
import { startWebApp, type WebTestApp } from '../support/web-app';

jest.setTimeout(120_000);

let web: WebTestApp;
// ical.js is an ES module; its CommonJS build is what `import()` resolves to under jest.
let ICAL: typeof IcalJs;

beforeAll(async () => {
  ICAL = (await import('ical.js')).default;
  web = await startWebApp();
});

afterAll(async () => {
  await web?.close();
});

interface ParsedEvent {
  uid: string;
  sequence: number;
  summary: string;
  start: string;
  alarms: string[];
}

function parseFeed(text: string): ParsedEvent[] {
  const cal = ICAL.Component.fromString(text);
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      sequence: e.sequence,
      summary: e.summary,
      start: e.startDate.toString(),
      alarms: v.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))),
    };
  });
}

async function getFeed(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

test('the reminder email links the agency feed; a moved deadline keeps its UID with a higher SEQUENCE', async () => {
  const { items } = await seedPlan(
    web.t.db.prisma,
    testPlan({
      code: 'ICS',
      obligations: [
        {
          id: 'bao-cao-nam',
          title: 'Báo cáo năm về bình đẳng giới',
          from: ['SYT'],
          to: 'SNV',
          due: { type: 'once', date: '2027-06-10' },
        },
        {
          id: 'bao-cao-quy',
          title: 'Báo cáo quý II',
          from: ['SYT'],
          to: 'SNV',
          due: { type: 'once', date: '2027-07-15' },
        },
      ],
      policy: { channels: ['email'], reminders: ['P7D', 'P3D'] },
    }),
  );
  const item = items.find((i) => i.obligation === 'bao-cao-nam')!;
  const activities = createActivities({ ...web.t.deps, clock: () => new Date('2027-06-03T08:00:00+07:00') });
  await activities.sendReminder({
    assignmentId: item.id,
    revision: 0,
    step: 'reminder:P7D',
    kind: 'upcoming',
    dueAt: item.dueAt,
  });

  const mail = (await web.t.mailbox.list()).find((m) => m.to.includes('dau-moi@syt.test.vn'));
  const link = mail?.text.match(/(https?:\/\/\S+\.ics)(\s|$)/)?.[1];
  expect(link?.startsWith(`${web.url}/calendar/`)).toBe(true);
  expect(mail?.html).toContain(`href="${link}"`);

  const first = await getFeed(link!);
  expect(first.status).toBe(200);
  expect(first.type).toBe('text/calendar; charset=utf-8');
  const events = parseFeed(first.text);
  expect(events.map((e) => e.summary).sort()).toEqual([
    'Hạn gửi: Báo cáo năm về bình đẳng giới',
    'Hạn gửi: Báo cáo quý II',
  ]);
  const before = events.find((e) => e.uid === `${item.id}@nhac-han`)!;
  // All-day on the due date; reminders 7 and 3 days before at the plan's 08:00 (Thursday 3/6 and Monday 7/6).
  expect(before).toMatchObject({ sequence: 0, start: '2027-06-10' });
  expect(before.alarms).toEqual(['2027-06-03T01:00:00Z', '2027-06-07T01:00:00Z']);

  // An extension to 18/6, as the workflow records it (twice: a retried activity moves nothing more).
  const recordMoved = () =>
    activities.recordState({
      assignmentId: item.id,
      state: 'pending',
      at: '2027-06-05T09:00:00+07:00',
      dueAt: '2027-06-18T23:59:59+07:00',
      detail: { extension: { newDueAt: '2027-06-18T23:59:59+07:00', reason: 'Chờ số liệu' } },
    });
  await recordMoved();
  await recordMoved();
  const after = parseFeed((await getFeed(link!)).text).find((e) => e.uid === before.uid)!;
  expect(after).toMatchObject({ sequence: 1, start: '2027-06-18' });
  expect(after.alarms).toEqual(['2027-06-11T01:00:00Z', '2027-06-15T01:00:00Z']);
  // The other deadline did not move.
  expect(parseFeed((await getFeed(link!)).text).find((e) => e.uid !== before.uid)?.sequence).toBe(0);
});

test('coordinators: a feed behind the session and a personal signed URL; bad tokens get 404', async () => {
  await seedPlan(web.t.db.prisma, testPlan({ code: 'ICSU', policy: { channels: ['email'], reminders: ['P7D'] } }));
  const viewer = await web.signedIn('viewer');
  const mine = await getFeed(`${web.url}/calendar/mine.ics?plan=ICSU`, { cookie: viewer.cookie });
  expect(mine.status).toBe(200);
  expect(parseFeed(mine.text).map((e) => e.summary)).toEqual(['Sở Y tế: Báo cáo năm về bình đẳng giới']);
  const signedOut = await fetch(`${web.url}/calendar/mine.ics`, { redirect: 'manual' });
  expect([401, 303]).toContain(signedOut.status);
  expect(signedOut.headers.get('content-type') ?? '').not.toMatch(/calendar/);

  const { url } = (await (
    await fetch(`${web.url}/api/calendar/personal?plan=ICSU`, { headers: { cookie: viewer.cookie } })
  ).json()) as { url: string };
  expect(url).toMatch(/\/calendar\/[\w-]+\.[\w-]+\.ics$/);
  const personal = await getFeed(url);
  expect(personal.status).toBe(200);
  expect(parseFeed(personal.text)).toHaveLength(1);

  // A forged token, a token without .ics, and a submission-link token (same secret) are all unknown feeds.
  const token = url.slice(url.lastIndexOf('/') + 1, -4);
  const submission = signLink({ a: 'ICSU/2027/bao-cao-nam/SYT', exp: 4_102_444_800, v: 1 }, web.t.deps.links.secret);
  for (const file of [`${token.slice(0, -2)}xx.ics`, token, `${submission}.ics`]) {
    expect((await getFeed(`${web.url}/calendar/${file}`)).status).toBe(404);
  }
});
