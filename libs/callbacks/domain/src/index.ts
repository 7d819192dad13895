export * from './form-callbacks.decider';
export * from './finding.decider';
export * from './opinion.decider';
export * from './opinion-category.decider';
