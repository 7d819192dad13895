export * from './mall-time';
export * from './round';
