export * from './envelope';
export * from './catalog';
export * from './upcast';
export * from './validate';
export * from './policy';
