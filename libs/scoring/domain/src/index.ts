export * from './facts';
export * from './policy.decider';
export * from './penalty-case.decider';
export * from './projection';
export * from './scorecard';
