export * from './merchant.decider';
export * from './staff.decider';
export * from './purchase.decider';
export * from './card-number';
