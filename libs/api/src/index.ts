export * from './enums';
export * from './fields';
export * from './requests';
export * from './answers';
export * from './routes';
export * from './openapi';
export * from './types';
export * from './exports';
