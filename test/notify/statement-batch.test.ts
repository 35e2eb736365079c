/** The outbox's statement batching: concurrent items share a run, a key never twice in one, errors reach each item. */
import { batched } from '../../src/activities/statement-batch';

test('items queued while a run is in flight go together in the next run; a lone item goes alone at once', async () => {
  const runs: number[][] = [];
  const double = batched(async (items: number[]) => {
    runs.push(items);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return items.map((i) => i * 2);
  });
  expect(await double(1)).toBe(2);
  const first = double(2);
  await new Promise((resolve) => setImmediate(resolve)); // the run of [2] has started
  const rest = [3, 4, 5].map((i) => double(i));
  expect(await Promise.all([first, ...rest])).toEqual([4, 6, 8, 10]);
  expect(runs).toEqual([[1], [2], [3, 4, 5]]);
});

test('at most `max` items a run, in arrival order', async () => {
  const runs: number[][] = [];
  const id = batched(
    async (items: number[]) => {
      runs.push(items);
      return items;
    },
    { max: 2 },
  );
  expect(await Promise.all([1, 2, 3, 4, 5].map((i) => id(i)))).toEqual([1, 2, 3, 4, 5]);
  expect(runs).toEqual([[1, 2], [3, 4], [5]]);
});

test('two items with one key never share a run (ON CONFLICT DO UPDATE cannot touch a row twice)', async () => {
  const runs: string[][] = [];
  const claim = batched(
    async (keys: string[]) => {
      expect(new Set(keys).size).toBe(keys.length);
      runs.push(keys);
      return keys.map((k) => `${k}!`);
    },
    { keyOf: (k) => k },
  );
  expect(await Promise.all(['a', 'b', 'a', 'c', 'a'].map((k) => claim(k)))).toEqual(['a!', 'b!', 'a!', 'c!', 'a!']);
  expect(runs).toEqual([['a', 'b', 'c'], ['a'], ['a']]);
});

test('a failed run rejects each of its items with the error, and the next run goes on', async () => {
  let fail = true;
  const run = batched(async (items: number[]) => {
    if (fail) {
      fail = false;
      await new Promise((resolve) => setTimeout(resolve, 10));
      throw new Error('connection terminated unexpectedly');
    }
    return items;
  });
  const failing = [run(1), run(2)];
  await new Promise((resolve) => setImmediate(resolve));
  const next = run(3);
  await expect(Promise.all(failing.map((p) => p.catch((e: Error) => e.message)))).resolves.toEqual([
    'connection terminated unexpectedly',
    'connection terminated unexpectedly',
  ]);
  expect(await next).toBe(3);
});
