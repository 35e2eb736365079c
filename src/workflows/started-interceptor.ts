/**
 * The workflows' metrics, through the worker's `metrics` sink (src/worker.ts): each workflow execution once, when it
 * begins (`nhac_han_workflows_started_total`), and how late each timer fired (`nhac_han_timer_lateness_seconds`). A
 * sink call adds no command to the history, so histories replay unchanged; the sink is not called during replay (an
 * evicted workflow is not counted again, a replayed timer not measured), and a run that continues a previous one as
 * new is not counted as a start.
 */
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface MetricsSinks extends Sinks {
  metrics: {
    workflowStarted(): void;
    /** A timer of this workflow fired `lateMs` after its due instant: `nhac_han_timer_lateness_seconds`. */
    timerLateness(lateMs: number): void;
  };
}

const { metrics } = proxySinks<MetricsSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  outbound: [
    {
      // Every durable wait (sleep, condition with a timeout: each reminder and escalation step) that runs out: how
      // long after its due instant the workflow task that saw it fired ran. A cancelled timer (the wait cut short by
      // a submission or an update) rejects and is not counted.
      async startTimer(input, next) {
        const dueAt = Date.now() + input.durationMs;
        await next(input);
        metrics.timerLateness(Date.now() - dueAt);
      },
    },
  ],
  inbound: [
    {
      async execute(input, next) {
        if (!workflowInfo().continuedFromExecutionRunId) metrics.workflowStarted();
        return next(input);
      },
    },
  ],
});
