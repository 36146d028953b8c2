import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * deploy/k8s as an operator would apply it: each overlay rendered by a real kustomize
 * (infra/k8s/kustomize.sh: kubectl's built-in kustomize 5 here), every object validated
 * against the Kubernetes API schemas (infra/k8s/validate.mjs, npm kubernetes-models),
 * then what the schemas cannot know: the six services are all there, their probes hit
 * the service kit's health routes, their ports are the ones apps/<svc>/src/main.ts
 * listens on, every variable they set is one the service reads, secrets come only by
 * reference, and prod keeps two pods through scaling and node drains.
 */
const ROOT = path.resolve(__dirname, '../..');
const SERVICES = fs
  .readdirSync(path.join(ROOT, 'apps'))
  .filter((name) => fs.existsSync(path.join(ROOT, 'apps', name, 'src/main.ts')))
  .sort();
const OVERLAYS = ['dev', 'prod'] as const;

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: any; // rendered YAML, checked field by field below
  data?: Record<string, string>;
};

function render(overlay: string): string {
  return execFileSync('bash', [path.join(ROOT, 'infra/k8s/kustomize.sh'), path.join(ROOT, 'deploy/k8s/overlays', overlay)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function validate(yamlText: string): { status: number | null; objects: { kind: string; name: string }[]; errors: string[] } {
  const result = spawnSync(process.execPath, [path.join(ROOT, 'infra/k8s/validate.mjs'), '-'], { input: yamlText, encoding: 'utf8' });
  const parsed = JSON.parse(result.stdout || '{"objects":[],"errors":["no output: ' + result.stderr.replace(/"/g, "'") + '"]}');
  return { status: result.status, ...parsed };
}

function parse(yamlText: string): Obj[] {
  return parseAllDocuments(yamlText).map((d) => d.toJS() as Obj);
}

/** The routes the service kit's health controller serves (every service mounts it). */
function healthRoutes(): string[] {
  const source = fs.readFileSync(path.join(ROOT, 'libs/shared/service-kit/src/http/health.controller.ts'), 'utf8');
  return [...source.matchAll(/@Get\('([^']+)'\)/g)].map((m) => `/${m[1]}`);
}

/** The port main.ts listens on for `<SVC>_<KIND>_PORT`, as it reads it: `env['X'] ?? 3000`. */
function defaultPort(service: string, kind: 'HTTP' | 'GRPC'): { variable: string; port: number } {
  const variable = `${service.toUpperCase()}_${kind}_PORT`;
  const source = fs.readFileSync(path.join(ROOT, 'apps', service, 'src/main.ts'), 'utf8');
  const match = source.match(new RegExp(`env\\['${variable}'\\] \\?\\? (\\d+)`));
  if (!match) throw new Error(`apps/${service}/src/main.ts does not read ${variable}`);
  return { variable, port: Number(match[1]) };
}

const SECRET_NAME = /(^DATABASE_URL$|KEY$|KEY_PEM$|KEY_ID$|TOKEN$|SECRET$|PASSWORD$|_SID$|^SMTP_URL$)/;

describe.each(OVERLAYS)('deploy/k8s/overlays/%s', (overlay) => {
  let objects: Obj[];
  let rendered: string;
  beforeAll(() => {
    rendered = render(overlay);
    objects = parse(rendered);
  });
  const find = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name);
  const configMap = (reference: string) => objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === reference);

  it('renders only objects that are valid against the Kubernetes schemas', () => {
    const result = validate(rendered);
    expect(result.errors).toEqual([]);
    expect(result.status).toBe(0);
    expect(result.objects.length).toBe(objects.length);
  });

  it('has a Deployment, Service, HorizontalPodAutoscaler, PodDisruptionBudget and ConfigMap for each of the six services', () => {
    expect(SERVICES).toEqual(expect.arrayContaining(['contacts', 'debtors', 'legal', 'negotiation', 'payments', 'reporting']));
    for (const service of SERVICES) {
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']) {
        expect([service, kind, find(kind, service) !== undefined]).toEqual([service, kind, true]);
      }
      expect(objects.some((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith(`${service}-config-`))).toBe(true);
    }
    expect(objects.filter((o) => o.kind === 'Deployment').map((o) => o.metadata.name).sort()).toEqual(SERVICES);
    expect(new Set(objects.map((o) => o.metadata.namespace)).size).toBe(1);
  });

  it.each(SERVICES)("probes %s on the service kit's health routes, through the container's HTTP port", (service) => {
    const routes = healthRoutes();
    expect(routes).toEqual(expect.arrayContaining(['/health', '/ready']));
    const container = find('Deployment', service)!.spec.template.spec.containers[0];
    expect(container.livenessProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.startupProbe.httpGet).toEqual({ path: '/health', port: 'http' });
    // ready = the database answers: a pod without one leaves the Service's endpoints
    expect(container.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'http' });
    for (const probe of [container.livenessProbe, container.readinessProbe, container.startupProbe]) expect(routes).toContain(probe.httpGet.path);
  });

  it.each(SERVICES)('gives %s the ports main.ts listens on, and a Service that reaches them', (service) => {
    const deployment = find('Deployment', service)!;
    const container = deployment.spec.template.spec.containers[0];
    const env = effectiveConfig(container);
    const portOf = (name: string) => container.ports.find((p: { name: string }) => p.name === name)?.containerPort;
    for (const [kind, portName] of [['HTTP', 'http'], ['GRPC', 'grpc']] as const) {
      const { variable, port } = defaultPort(service, kind);
      // the variable is set to the container port, or unset and main.ts's default is it
      expect(Number(env.get(variable) ?? port)).toBe(portOf(portName));
    }
    const svc = find('Service', service)!;
    expect(svc.spec.ports.map((p: { targetPort: string }) => p.targetPort).sort()).toEqual(['grpc', 'http']);
    const podLabels = deployment.spec.template.metadata.labels;
    expect(Object.entries(svc.spec.selector).every(([k, v]) => podLabels[k] === v)).toBe(true);
    expect(Object.entries(deployment.spec.selector.matchLabels).every(([k, v]) => podLabels[k] === v)).toBe(true);
  });

  it.each(SERVICES)('sets %s only variables its main.ts reads, with every required one present', (service) => {
    const source = fs.readFileSync(path.join(ROOT, 'apps', service, 'src/main.ts'), 'utf8');
    const container = find('Deployment', service)!.spec.template.spec.containers[0];
    const env = effectiveConfig(container);
    const secretRefs = new Map<string, { optional?: boolean }>(
      container.env.map((e: { name: string; valueFrom: { secretKeyRef: { optional?: boolean } } }) => [e.name, e.valueFrom.secretKeyRef]),
    );
    // read = named in main.ts (its code, or the configuration list at its head)
    for (const name of [...env.keys(), ...secretRefs.keys()]) expect([name, source.includes(name)]).toEqual([name, true]);
    for (const name of ['DATABASE_URL', 'PII_MASTER_KEY', 'AUTH_PUBLIC_KEY_PEM']) expect([name, secretRefs.get(name)?.optional ?? false]).toEqual([name, false]);
    for (const name of ['KAFKA_BROKERS', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) expect([name, env.has(name)]).toEqual([name, true]);
    for (const [, name] of source.matchAll(/required\(env, '([A-Z_]+)'\)/g)) expect([name, env.has(name!) || secretRefs.has(name!)]).toEqual([name, true]);
    const debtorsUrl = env.get('DEBTORS_URL');
    if (debtorsUrl !== undefined) {
      // the debtors Service of the same namespace, on its HTTP port
      const url = new URL(debtorsUrl);
      const debtors = find('Service', url.hostname)!;
      expect(url.hostname).toBe('debtors');
      expect(Number(url.port)).toBe(debtors.spec.ports.find((p: { name: string }) => p.name === 'http').port);
    }
    const keyFile = env.get('SERVICE_TOKEN_KEY_FILE');
    if (keyFile !== undefined) {
      const mount = container.volumeMounts.find((m: { mountPath: string }) => keyFile.startsWith(`${m.mountPath}/`));
      const volume = find('Deployment', service)!.spec.template.spec.volumes.find((v: { name: string }) => v.name === mount?.name);
      expect(volume?.secret?.secretName).toBe('collections-service-token');
    }
  });

  it('carries no secret value: secrets only as references to Secrets the cluster provides', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      for (const container of deployment.spec.template.spec.containers) {
        for (const e of container.env ?? []) {
          expect([e.name, e.value]).toEqual([e.name, undefined]);
          expect(e.valueFrom?.secretKeyRef?.name).toMatch(/^(collections-auth|[a-z0-9-]+-secrets)$/);
        }
      }
    }
    for (const map of objects.filter((o) => o.kind === 'ConfigMap')) {
      for (const [key, value] of Object.entries(map.data ?? {})) {
        expect([key, SECRET_NAME.test(key)]).toEqual([key, false]);
        expect([key, /-----BEGIN|:\/\/[^/@\s]+:[^/@\s]+@/.test(value)]).toEqual([key, false]);
      }
    }
  });

  it('bounds every container: CPU and memory requests and a memory limit', () => {
    for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
      const { resources } = deployment.spec.template.spec.containers[0];
      expect([deployment.metadata.name, Boolean(resources.requests.cpu && resources.requests.memory && resources.limits.memory)]).toEqual([deployment.metadata.name, true]);
    }
  });

  it.each(SERVICES)('scales %s with an HPA on its Deployment and covers exactly its pods with a PodDisruptionBudget', (service) => {
    const hpa = find('HorizontalPodAutoscaler', service)!;
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: service });
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    const pdb = find('PodDisruptionBudget', service)!;
    const covers = (labels: Record<string, string>) => Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => labels[k] === v);
    const covered = objects.filter((o) => o.kind === 'Deployment' && covers(o.spec.template.metadata.labels)).map((o) => o.metadata.name);
    expect(covered).toEqual([service]);
  });

  if (overlay === 'prod') {
    it.each(SERVICES)('keeps two %s pods in prod: HPA from 2, PodDisruptionBudget minAvailable 1, a pinned image', (service) => {
      const hpa = find('HorizontalPodAutoscaler', service)!;
      expect(hpa.spec.minReplicas).toBe(2);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(2);
      const pdb = find('PodDisruptionBudget', service)!;
      expect(pdb.spec.minAvailable).toBe(1);
      expect(pdb.spec.maxUnavailable).toBeUndefined();
      const deployment = find('Deployment', service)!;
      expect(deployment.spec.replicas).toBe(2);
      expect(deployment.spec.template.spec.containers[0].image).toMatch(new RegExp(`^collections/${service}:\\d+\\.\\d+\\.\\d+$`));
      // the production Kafka is a cluster
      expect(effectiveConfig(deployment.spec.template.spec.containers[0]).get('KAFKA_BROKERS')!.split(',').length).toBeGreaterThanOrEqual(3);
    });
  } else {
    it.each(SERVICES)('runs one small %s pod in dev, image tagged dev', (service) => {
      const deployment = find('Deployment', service)!;
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.template.spec.containers[0].image).toBe(`collections/${service}:dev`);
      expect(find('HorizontalPodAutoscaler', service)!.spec.minReplicas).toBe(1);
    });
  }

  /** The variables a container gets from its ConfigMaps (envFrom), as the kubelet resolves them. */
  function effectiveConfig(container: { envFrom: { configMapRef: { name: string; optional?: boolean } }[] }): Map<string, string> {
    const env = new Map<string, string>();
    for (const { configMapRef } of container.envFrom) {
      const map = configMap(configMapRef.name);
      if (!map) {
        // only an optional one may be left to the operator (contacts-channels)
        expect([configMapRef.name, configMapRef.optional]).toEqual([configMapRef.name, true]);
        continue;
      }
      for (const [k, v] of Object.entries(map.data ?? {})) env.set(k, v);
    }
    return env;
  }
});

describe('the schema validation of infra/k8s/validate.mjs', () => {
  it('refuses an object the Kubernetes schemas refuse, and a kind it has no schema for', () => {
    const bad = validate(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: x }\nspec: { replicas: three, selector: {}, template: {} }\n---\napiVersion: example.com/v1\nkind: Widget\nmetadata: { name: y }\n',
    );
    expect(bad.status).toBe(1);
    expect(bad.errors).toEqual([expect.stringMatching(/^Deployment\/x: .*replicas must be integer/), expect.stringMatching(/^Widget\/y: no Kubernetes schema/)]);
  });
});
