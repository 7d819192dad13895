export * from './specification';
export * from './probe';
export * from './env';
