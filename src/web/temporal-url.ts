import type { WebContext } from './context';

/** The workflow's page in the Temporal Web UI, or null when no UI URL is known. */
export function temporalUrl(ctx: WebContext, workflowId: string): string | null {
  if (!ctx.temporalUiUrl) return null;
  return `${ctx.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ctx.deps.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
