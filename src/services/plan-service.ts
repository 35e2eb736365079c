/**
 * The plan services' public names in one place, for src/web and src/cli: apply (plan-apply.ts), the Schedule
 * (plan-schedule.ts), pause/resume/remove (plan-lifecycle.ts) and storing the rows (plan-store.ts).
 */
export { applyPlan, type ApplyProgress } from './plan-apply';
export { planScheduleId } from './plan-schedule';
export { changePlanStatus, PlanNotFoundError, PlanStatusChangeError, type PlanStatusChange } from './plan-lifecycle';
export { storePlanOnly, type ApplyReport } from './plan-store';
