// The problem classes live in the pure kernel, so domain libraries can throw them too.
export * from '@fd/kernel/problem';
