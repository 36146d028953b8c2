import { readFileSync } from 'node:fs';
import { logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';

/**
 * Kafka client settings from the environment, so the same build runs against the
 * local broker (infra/kafka) or an existing cluster:
 *   KAFKA_BROKERS=host1:9092,host2:9092
 *   KAFKA_SSL=true, KAFKA_SSL_CA_FILE=/path/ca.pem
 *   KAFKA_SASL_MECHANISM=plain|scram-sha-256|scram-sha-512, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD
 */
export function kafkaConfigFromEnv(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  const brokers = (env['KAFKA_BROKERS'] ?? '127.0.0.1:9092').split(',').map((b) => b.trim()).filter(Boolean);
  const config: KafkaConfig = { clientId, brokers, logLevel: logLevel.ERROR, retry: { retries: 8, initialRetryTime: 100 } };
  if (env['KAFKA_SSL'] === 'true') {
    const ca = env['KAFKA_SSL_CA_FILE'];
    config.ssl = ca ? { ca: [readFileSync(ca, 'utf8')] } : true;
  }
  const mechanism = env['KAFKA_SASL_MECHANISM'];
  if (mechanism) {
    const username = env['KAFKA_SASL_USERNAME'] ?? '';
    const password = env['KAFKA_SASL_PASSWORD'] ?? '';
    if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
      throw new Error(`KAFKA_SASL_MECHANISM must be plain, scram-sha-256 or scram-sha-512, got ${mechanism}`);
    }
    config.sasl = { mechanism, username, password } as SASLOptions;
  }
  return config;
}
