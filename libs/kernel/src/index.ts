export * from './mall-time';
export * from './round';
export * from './domain-error';
export * from './decider';
export * from './phone-masking';
export * from './constant-time';
