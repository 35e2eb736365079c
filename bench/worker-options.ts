/** What bench/worker-child.ts's children accept over the product's worker settings (a module of its own: the child runs at import). */
import { z } from 'zod';

/** Worker options a bench may try over the product's (bench burst's `BENCH_WORKER_OPTIONS`, JSON). */
export const BenchWorkerOptions = z
  .object({
    maxCachedWorkflows: z.number().int().min(0).optional(),
    maxConcurrentActivityTaskExecutions: z.number().int().min(1).optional(),
    maxConcurrentWorkflowTaskExecutions: z.number().int().min(2).optional(),
    maxConcurrentWorkflowTaskPolls: z.number().int().min(1).optional(),
    maxConcurrentActivityTaskPolls: z.number().int().min(1).optional(),
    nonStickyToStickyPollRatio: z.number().min(0).max(1).optional(),
    stickyQueueScheduleToStartTimeout: z.string().optional(),
  })
  .strict();
export type BenchWorkerOptions = z.infer<typeof BenchWorkerOptions>;
