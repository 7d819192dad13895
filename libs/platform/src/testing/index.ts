export * from '@fd/kernel/testing';
export * from './probe';
export * from './env';
export * from './kafka-tap';
export * from './service';
export * from './http';
export * from './tokens';
export * from './pdf-text';
