// The problem classes alone, for pure domain libraries (no Nest, no TypeORM behind this import).
export * from './http/problem';
