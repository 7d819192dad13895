export * from './form-identity';
export * from './staff-certification';
export * from './form.decider';
export * from './issuance.decider';
export * from './confirmation-token';
