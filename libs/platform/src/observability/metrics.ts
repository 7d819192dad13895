import { collectDefaultMetrics, Counter as PromCounter, Gauge as PromGauge, Histogram as PromHistogram, Registry } from 'prom-client';

/**
 * The metrics of one service (`GET /metrics`, Prometheus text), kept by prom-client in a
 * Registry of the runtime's own, never prom-client's global one: the tests boot several services
 * in one process, and each must show only its figures. Our metrics declare their label names;
 * counters and histograms count as things happen, gauges are read when scraped.
 */
type Labels<L extends string> = Partial<Record<L, string>>;

/** Labels in the order of their names, so a series reads the same whichever order a caller writes them in. */
function inOrder<L extends string>(labels: Labels<L>): Labels<L> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1))) as Labels<L>;
}

export class Counter<L extends string = never> {
  constructor(private readonly metric: PromCounter<L>) {}
  inc(labels: Labels<L> = {}, by = 1): void {
    this.metric.inc(inOrder(labels), by);
  }
}

export class Histogram<L extends string = never> {
  constructor(private readonly metric: PromHistogram<L>) {}
  observe(labels: Labels<L>, seconds: number): void {
    this.metric.observe(inOrder(labels), seconds);
  }
}

/** Handler latencies, in seconds: from a millisecond to ten seconds. */
const BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export class MetricsRegistry {
  readonly registry = new Registry();

  /**
   * @param opts.processMetrics also the process's own figures (prom-client's default metrics):
   * CPU, memory, heap, garbage collection, event-loop lag, handles; a service's runtime has them,
   * a registry made for a test or as a default does not.
   */
  constructor(opts: { processMetrics?: boolean } = {}) {
    if (opts.processMetrics) collectDefaultMetrics({ register: this.registry });
  }

  counter<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter(new PromCounter<L>({ name, help, labelNames, registers: [this.registry] }));
  }

  histogram<L extends string = never>(name: string, help: string, labelNames: readonly L[] = []): Histogram<L> {
    return new Histogram(new PromHistogram<L>({ name, help, labelNames, buckets: BUCKETS, registers: [this.registry] }));
  }

  /**
   * A gauge read at scrape time: `collect` gives every series' value. A gauge that cannot be
   * read right now (the database does not answer) is left out of that scrape, not shown as 0.
   */
  gauge<L extends string = never>(
    name: string,
    help: string,
    labelNames: readonly L[],
    collect: () => Promise<Array<[Labels<L>, number]>>,
  ): void {
    new PromGauge<L>({
      name,
      help,
      labelNames,
      registers: [this.registry],
      async collect() {
        const values = await collect().catch(() => null);
        this.reset();
        if (values === null) {
          if (labelNames.length === 0) this.remove({});
          return;
        }
        for (const [labels, value] of values) this.set(inOrder(labels), value);
      },
    });
  }

  /** The Content-Type of `render()`'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    return this.registry.metrics();
  }
}
