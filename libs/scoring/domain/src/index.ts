export * from './facts';
export * from './policy.decider';
export * from './penalty-case.decider';
export * from './projection';
export * from './scorecard';
export * from './corrective-action.decider';
export * from './monthly-report';
export * from './what-if';
