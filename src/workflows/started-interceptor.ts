/**
 * Counts each workflow execution once, when it begins, through the worker's `metrics` sink (src/worker.ts), which
 * increments `nhac_han_workflows_started_total`. A sink call adds no command to the history, so histories replay
 * unchanged; the sink is not called during replay (an evicted workflow is not counted again), nor for a run that
 * continues a previous one as new.
 */
import { proxySinks, workflowInfo, type Sinks, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

export interface MetricsSinks extends Sinks {
  metrics: { workflowStarted(): void };
}

const { metrics } = proxySinks<MetricsSinks>();

export const interceptors: WorkflowInterceptorsFactory = () => ({
  inbound: [
    {
      async execute(input, next) {
        if (!workflowInfo().continuedFromExecutionRunId) metrics.workflowStarted();
        return next(input);
      },
    },
  ],
});
