import type { ContextNames } from './names';
import type { GeneratedFile } from './templates-domain';

/** apps/<name> (server mode) and deploy/k8s/base/<name> (kustomize), mirroring apps/reporting and deploy/k8s/base/reporting. */
export function appFiles(n: ContextNames): GeneratedFile[] {
  const { kebab: k, pascal: N, constant: C } = n;
  return [
    {
      path: `apps/${k}/project.json`,
      content: `${JSON.stringify(
        {
          name: k,
          $schema: '../../node_modules/nx/schemas/project-schema.json',
          sourceRoot: `apps/${k}/src`,
          projectType: 'application',
          tags: [`scope:${k}`, 'type:app'],
          targets: { serve: { command: `node -r @swc-node/register apps/${k}/src/main.ts`, options: { cwd: '{workspaceRoot}' } } },
        },
        null,
        2,
      )}\n`,
    },
    {
      path: `apps/${k}/src/telemetry.ts`,
      content: `// Its own module, imported first by main.ts: tracing must start before \`http\`, gRPC and
// \`pg\` are loaded (see startTelemetry).
import { startTelemetry } from '@collections/shared-observability-telemetry';

export const telemetry = startTelemetry('${k}');
`,
    },
    {
      path: `apps/${k}/src/main.ts`,
      content: `/**
 * The ${k} service as its own process, against PostgreSQL and Kafka (server mode).
 * Configuration from the environment:
 *   DATABASE_URL (or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE)
 *   KAFKA_BROKERS (+ KAFKA_SSL*, KAFKA_SASL_*), KAFKA_TOPIC_PARTITIONS (default 6), ${C}_RELAY=false to run no relay here
 *   AUTH_PUBLIC_KEY_PEM or AUTH_JWKS_FILE, AUTH_ISSUER, AUTH_AUDIENCE
 *   PII_MASTER_KEY (base64 of 32 bytes), PII_MASTER_KEY_ID
 *   ${C}_HTTP_HOST/PORT (0.0.0.0:3000), ${C}_GRPC_HOST/PORT (0.0.0.0:50051), LOG_LEVEL
 *   OTEL_EXPORTER_OTLP_ENDPOINT (and the other standard OTEL_* variables) to export traces
 * SIGTERM/SIGINT: stops taking requests, lets the relay finish its batch, flushes the spans, exits 0.
 */
// first: the instrumentations must be in place before \`http\` and gRPC are loaded
import { telemetry } from './telemetry';
import { Kafka } from 'kafkajs';
import { JwtVerifier, authConfigFromEnv } from '@collections/shared-auth';
import { kafkaConfigFromEnv } from '@collections/shared-messaging';
import { masterKeyFromEnv } from '@collections/shared-pii';
import { stopOnSignals } from '@collections/shared-service-kit';
import { start${N}Service } from '@collections/${k}-service';

async function main(): Promise<void> {
  const env = process.env;
  const database = env['DATABASE_URL']
    ? { connectionString: env['DATABASE_URL'] }
    : { host: env['PGHOST'] ?? '127.0.0.1', port: Number(env['PGPORT'] ?? 5432), user: env['PGUSER'] ?? 'postgres', database: env['PGDATABASE'] ?? 'postgres', ...(env['PGPASSWORD'] ? { password: env['PGPASSWORD'] } : {}) };
  const service = await start${N}Service({
    database,
    verifier: await JwtVerifier.create(authConfigFromEnv(env)),
    masterKey: masterKeyFromEnv(env),
    messaging: { kind: 'kafka', kafka: new Kafka(kafkaConfigFromEnv('${k}')), relay: env['${C}_RELAY'] !== 'false', partitions: Number(env['KAFKA_TOPIC_PARTITIONS'] ?? 6) },
    http: { host: env['${C}_HTTP_HOST'] ?? '0.0.0.0', port: Number(env['${C}_HTTP_PORT'] ?? 3000) },
    grpc: { host: env['${C}_GRPC_HOST'] ?? '0.0.0.0', port: Number(env['${C}_GRPC_PORT'] ?? 50051) },
    logLevel: env['LOG_LEVEL'] ?? 'info',
  });
  process.stdout.write(\`${k}: REST \${service.httpUrl} (docs \${service.httpUrl}/docs), gRPC \${service.grpcUrl}\\n\`);
  stopOnSignals('${k}', async () => {
    await service.close();
    await telemetry?.shutdown();
  });
}

main().catch((error: unknown) => {
  console.error('${k}: failed to start:', error);
  process.exit(1);
});
`,
    },
    {
      path: `deploy/k8s/base/${k}/deployment.yaml`,
      content: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${k}
spec:
  replicas: 2 # the overlays set it; the HorizontalPodAutoscaler moves it from there
  template:
    spec:
      # SIGTERM: stops taking requests, lets the relay and projections finish their batch, exits 0
      terminationGracePeriodSeconds: 30
      securityContext: { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 }
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector: { matchLabels: { app.kubernetes.io/name: ${k} } }
      containers:
        - name: ${k}
          image: collections/${k}:latest # the overlays pin the tag
          # the image holds \`npm run build\`'s dist/ and the production node_modules (deploy/k8s/README.md)
          command: ["node", "dist/apps/${k}/src/main.js"]
          ports:
            - { name: http, containerPort: 3000 } # ${C}_HTTP_PORT
            - { name: grpc, containerPort: 50051 } # ${C}_GRPC_PORT
          envFrom:
            - configMapRef: { name: collections-platform } # KAFKA_BROKERS, AUTH_ISSUER/AUDIENCE, LOG_LEVEL...: the overlay's
            - configMapRef: { name: ${k}-config }
          env: # secrets only by reference: the cluster's secret manager fills ${k}-secrets and collections-auth
            - name: DATABASE_URL # this service's own database
              valueFrom: { secretKeyRef: { name: ${k}-secrets, key: DATABASE_URL } }
            - name: PII_MASTER_KEY # base64 of 32 bytes
              valueFrom: { secretKeyRef: { name: ${k}-secrets, key: PII_MASTER_KEY } }
            - name: PII_MASTER_KEY_ID
              valueFrom: { secretKeyRef: { name: ${k}-secrets, key: PII_MASTER_KEY_ID, optional: true } }
            - name: AUTH_PUBLIC_KEY_PEM # verifies the platform's tokens (the public half of collections-service-token)
              valueFrom: { secretKeyRef: { name: collections-auth, key: AUTH_PUBLIC_KEY_PEM } }
          volumeMounts:
            - { name: tmp, mountPath: /tmp }
          # the process answers (GET /health), first within 60 s (migrations run at start)
          startupProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 2
            failureThreshold: 30
          # its database answers (GET /ready): out of the Service's endpoints until then
          readinessProbe:
            httpGet: { path: /ready, port: http }
            periodSeconds: 5
            failureThreshold: 2
          livenessProbe:
            httpGet: { path: /health, port: http }
            periodSeconds: 10
            failureThreshold: 3
          resources:
            requests: { cpu: 250m, memory: 256Mi }
            limits: { memory: 512Mi }
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: { drop: [ALL] }
      volumes:
        - name: tmp
          emptyDir: {}
`,
    },
    {
      path: `deploy/k8s/base/${k}/service.yaml`,
      content: `apiVersion: v1
kind: Service
metadata:
  name: ${k}
spec:
  ports:
    - { name: http, port: 3000, targetPort: http }
    - { name: grpc, port: 50051, targetPort: grpc, appProtocol: grpc }
`,
    },
    {
      path: `deploy/k8s/base/${k}/hpa.yaml`,
      content: `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: ${k}
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: ${k} }
  minReplicas: 1 # the overlays set the bounds
  maxReplicas: 3
  metrics:
    - type: Resource
      resource: { name: cpu, target: { type: Utilization, averageUtilization: 70 } }
`,
    },
    {
      path: `deploy/k8s/base/${k}/pdb.yaml`,
      content: `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${k}
spec:
  maxUnavailable: 1 # prod: minAvailable 1 (deploy/k8s/overlays/prod)
  selector:
    matchLabels: { app.kubernetes.io/name: ${k} }
`,
    },
    {
      path: `deploy/k8s/base/${k}/kustomization.yaml`,
      content: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
# The ${k} service alone; deploy/k8s/overlays/<env> puts the six together with the
# platform's shared ConfigMap (collections-platform) and the environment's settings.
labels:
  - pairs:
      app.kubernetes.io/name: ${k}
      app.kubernetes.io/part-of: collections-platform
    includeSelectors: true
resources:
  - deployment.yaml
  - service.yaml
  - hpa.yaml
  - pdb.yaml
configMapGenerator:
  - name: ${k}-config
    literals:
      - ${C}_HTTP_PORT=3000
      - ${C}_GRPC_PORT=50051
`,
    },
  ];
}
