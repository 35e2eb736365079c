/**
 * The backoff of a message refused for now (src/domain/policies.ts): 5 s doubling per attempt at the message, to
 * 10 minutes, spread ±25 % (never past 10 minutes) by the caller's random draw so that the messages of one outage do not come back together.
 */
import fc from 'fast-check';
import { sendRetryDelayMs } from '../../src/domain/policies';

test('the middle of the spread doubles from 5 s per attempt and stops at 10 minutes', () => {
  expect([1, 2, 3, 4, 5, 6, 7, 8, 12].map((a) => sendRetryDelayMs(a, 0.5))).toEqual([
    5_000, 10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 600_000, 600_000,
  ]);
});

test('every draw stays within ±25 % of it and at most 10 minutes', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (attempts, jitter) => {
      const middle = sendRetryDelayMs(attempts, 0.5);
      const d = sendRetryDelayMs(attempts, jitter);
      return d >= Math.floor(middle * 0.75) && d <= Math.min(Math.ceil(middle * 1.25), 600_000);
    }),
  );
  expect(sendRetryDelayMs(8, 0)).toBe(450_000);
  expect(sendRetryDelayMs(8, 1)).toBe(600_000);
  expect(sendRetryDelayMs(7, 1)).toBe(400_000);
});
