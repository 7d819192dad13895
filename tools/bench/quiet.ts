// Imported first by main.ts, before the platform's logger reads LOG_LEVEL: the benchmark's
// own output goes to stdout; platform and kafkajs warnings and errors still reach stderr.
process.env.LOG_LEVEL ??= 'warn';
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

export {};
