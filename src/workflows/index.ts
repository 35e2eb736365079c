// The workflow bundle's entry: every workflow the worker runs is exported here.
export * from './obligation.workflow';
export * from './plan-cycle.workflow';
export * from './campaign.workflow';
export * from './calendar-change.workflow';
export * from './calendar-coverage.workflow';
export * from './weekly-digest.workflow';
