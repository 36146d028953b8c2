import { Counter, Gauge, Registry } from 'prom-client';

/** Prometheus metrics of the messaging layer; register them on the service's registry. */
export class MessagingMetrics {
  readonly consumerLag: Gauge<'group' | 'topic' | 'partition'>;
  readonly handled: Counter<'group' | 'topic' | 'outcome'>;

  constructor(readonly registry: Registry = new Registry()) {
    this.consumerLag = new Gauge({
      name: 'collections_messaging_consumer_lag',
      help: 'Messages between the last one handled and the partition high watermark',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
    });
    this.handled = new Counter({
      name: 'collections_messaging_messages_total',
      help: 'Messages taken by a consumer, by outcome (handled, duplicate, ignored, dead_lettered)',
      labelNames: ['group', 'topic', 'outcome'],
      registers: [registry],
    });
  }
}
