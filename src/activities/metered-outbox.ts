/**
 * The outbox, counted: every outcome of `deliver` (sent, already-sent, failed, retry, in-flight) and every message
 * recorded as failed without an attempt, by message kind (reminders `upcoming`/`due-today`/`overdue`, escalations
 * `escalation-*`, …) and channel. A decorator, so the outbox itself knows nothing of metrics.
 */
import type { Metrics } from '../runtime/metrics';
import type { Outbox } from './outbox';

export function meteredOutbox(outbox: Outbox, metrics: Pick<Metrics, 'messages' | 'outboxRetries'>): Outbox {
  return {
    settled: (key) => outbox.settled(key),
    async deliver(message, send, classify, options) {
      const result = await outbox.deliver(message, send, classify, options);
      const labels = { kind: message.kind, channel: message.channel };
      metrics.messages.inc({ ...labels, outcome: result.outcome });
      if (result.outcome === 'retry') metrics.outboxRetries.inc(labels);
      return result;
    },
    async recordFailure(message, error) {
      await outbox.recordFailure(message, error);
      metrics.messages.inc({ kind: message.kind, channel: message.channel, outcome: 'failed' });
    },
  };
}
