export * from './verification-code';
export * from './staff-certification';
export * from './form.decider';
export * from './issuance.decider';
