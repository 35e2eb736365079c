/**
 * Coalesces one kind of statement from concurrent activities into one round trip. A worker runs many send
 * activities at once, and each used to pay a full database round trip per statement: on our machines a round trip
 * costs the worker more CPU (the driver, Prisma's runtime, the socket write) than rendering and sending the email.
 *
 * The batching is natural, not timed: when no batch of this kind is in flight, the items that arrived during the
 * current turn of the event loop go at once; while one is in flight, new items wait for it and go together in the
 * next. A lone activity therefore waits for nothing but its own statement, and under load a batch grows to the
 * number of activities waiting. A failed statement rejects every item of its batch (each activity then fails and
 * is retried, as it would have with its own statement).
 */

export interface BatchOptions<I> {
  /** Items at most per statement. (Default: 100.) */
  max?: number;
  /**
   * Items with the same key never share a statement (PostgreSQL refuses `ON CONFLICT DO UPDATE` touching one row
   * twice): a second one waits for the next batch. (Default: every item is distinct.)
   */
  keyOf?: (item: I) => string;
}

interface Waiting<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (err: unknown) => void;
}

/**
 * `run` receives the items of one batch and returns one result per item, in the same order.
 *
 * @example
 * const load = batched((ids: string[]) => selectByIds(ids));
 * const row = await load('a1'); // shares its SELECT with the other activities waiting right now
 */
export function batched<I, O>(
  run: (items: I[]) => Promise<O[]>,
  options: BatchOptions<I> = {},
): (item: I) => Promise<O> {
  const max = options.max ?? 100;
  let queue: Waiting<I, O>[] = [];
  let inFlight = false;
  let scheduled = false;

  function take(): Waiting<I, O>[] {
    if (!options.keyOf) {
      const batch = queue.slice(0, max);
      queue = queue.slice(max);
      return batch;
    }
    const batch: Waiting<I, O>[] = [];
    const rest: Waiting<I, O>[] = [];
    const keys = new Set<string>();
    for (const w of queue) {
      const key = options.keyOf(w.item);
      if (batch.length < max && !keys.has(key)) {
        keys.add(key);
        batch.push(w);
      } else rest.push(w);
    }
    queue = rest;
    return batch;
  }

  async function flush(): Promise<void> {
    scheduled = false;
    const batch = take();
    if (batch.length === 0) return;
    inFlight = true;
    try {
      const results = await run(batch.map((w) => w.item));
      batch.forEach((w, i) => w.resolve(results[i] as O));
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      inFlight = false;
    }
    if (queue.length > 0) await flush();
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (inFlight || scheduled) return;
      scheduled = true;
      // One turn of the event loop: what the other activities queue meanwhile shares the statement.
      setImmediate(() => void flush());
    });
}
