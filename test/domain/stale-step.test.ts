/**
 * Which steps are missed by design (src/domain/policies.ts `isStaleStep`): those already more than ten minutes past
 * when the workflow began, whenever the workflow reaches them; and, for histories recorded before that rule, those
 * before the start that were reached more than ten minutes late.
 */
import fc from 'fast-check';
import { STALE_STEP_MS, isStaleStep } from '../../src/domain/policies';

const MIN = 60_000;
const start = Date.parse('2027-01-08T08:05:00+07:00');

test('judged at the start: a plan applied late misses only what was already long past', () => {
  expect(isStaleStep(start - 11 * MIN, start, start, true)).toBe(true);
  expect(isStaleStep(start - 5 * MIN, start, start, true)).toBe(false);
  expect(isStaleStep(start + 5 * MIN, start, start + 5 * MIN, true)).toBe(false);
});

test('judged at the start: however late the workflow reaches a step, that delay never drops it', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -STALE_STEP_MS, max: 30 * 24 * 60 * MIN }),
      fc.integer({ min: 0, max: 365 * 24 * 60 * MIN }),
      (offset, delay) => {
        const at = start + offset;
        return !isStaleStep(at, start, Math.max(at, start) + delay, true);
      },
    ),
  );
});

test('the rule before it: a step before the start reached more than ten minutes late was dropped', () => {
  expect(isStaleStep(start - 5 * MIN, start, start + 20 * MIN, false)).toBe(true);
  expect(isStaleStep(start - 5 * MIN, start, start + 4 * MIN, false)).toBe(false);
  // A step after the start was never stale, however late.
  expect(isStaleStep(start + MIN, start, start + 60 * MIN, false)).toBe(false);
});
