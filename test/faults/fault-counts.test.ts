/**
 * The fault suite's copy window (./fault-counts.ts): an email copy counts in the window when the worker was killed
 * after the first copy's DATA began, even a few ms before the mailbox logged it (the long run's one copy "outside":
 * the kill landed 2 ms before the log, while the server was still reading the message); a kill before the DATA
 * began is outside.
 */
import { countFaults, type CountInputs } from './fault-counts';

const key = 'P/2027/bao-cao/DV01#0:reminder:PT60S:email:dau-moi-01@demo.nhac-han.test';
const inputs = (killAt: number): CountInputs => ({
  expectedKeys: [key],
  outbox: [{ key, channel: 'email', status: 'sent', messageId: '<m1@nhac-han>', attemptLog: [] }],
  mails: [
    { at: 1_000, dataAt: 990, messageId: '<m1@nhac-han>', to: ['dau-moi-01@demo.nhac-han.test'] },
    { at: 9_000, dataAt: 8_995, messageId: '<m1@nhac-han>', to: ['dau-moi-01@demo.nhac-han.test'] },
  ],
  sms: [],
  faults: [{ kind: 'worker-kill', at: killAt, until: killAt + 500, detail: '' }],
  workingHours: false,
});

test('a kill while the first copy was being read (after its DATA began) is in the window', () => {
  const c = countFaults(inputs(998));
  expect([c.duplicatesInWindow, c.duplicatesOutsideWindow, c.lost]).toEqual([1, 0, 0]);
});

test('a kill before the first copy was sent is outside the window', () => {
  const c = countFaults(inputs(980));
  expect([c.duplicatesInWindow, c.duplicatesOutsideWindow]).toEqual([0, 1]);
});
