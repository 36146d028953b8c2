import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@collections/shared-testing';

/**
 * The generator end to end: a throwaway context is generated into a temporary copy of
 * this workspace (never into it), and there the new projects lint, the whole workspace
 * typechecks and builds, its Kubernetes manifests render and validate in both overlays,
 * the new context's tests pass on PostgreSQL, and the built
 * embedded mode starts the new service beside debtors. About 40 s on 2 cores.
 */
const REPO = path.resolve(__dirname, '../../..');
const NAME = 'throwaway-probe';
const STEP_TIMEOUT_MS = 5 * 60_000;

interface Run {
  readonly status: number | null;
  readonly output: string;
}

describe('npm run generate:service (in a temporary copy of the workspace)', () => {
  let copy: string;

  const run = (command: string, args: readonly string[], env: Record<string, string> = {}): Run => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...env };
    // the child Jest must not take itself for one of this run's workers
    delete childEnv['JEST_WORKER_ID'];
    const result = spawnSync(command, args, { cwd: copy, env: childEnv, encoding: 'utf8', timeout: STEP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 });
    return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}` };
  };
  const expectSuccess = (result: Run) => {
    if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.output.slice(-6000)}`);
  };
  const tree = (): string[] => {
    const files: string[] = [];
    const visit = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name === '.nx' || entry.name === 'dist' || entry.name === '.data') continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) visit(full);
        else files.push(`${path.relative(copy, full)} ${fs.statSync(full).mtimeMs} ${fs.readFileSync(full, 'utf8').length}`);
      }
    };
    visit(copy);
    return files.sort();
  };

  beforeAll(() => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'generate-service-'));
    // the workspace as it is on disk (tracked and new files, not the ignored ones), so the
    // generator under test is the one being edited; node_modules is shared through a link
    const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
    if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
    for (const file of listed.stdout.split('\0').filter(Boolean)) {
      const source = path.join(REPO, file);
      if (file === 'node_modules' || !fs.existsSync(source) || !fs.statSync(source).isFile()) continue;
      fs.mkdirSync(path.dirname(path.join(copy, file)), { recursive: true });
      fs.copyFileSync(source, path.join(copy, file));
    }
    fs.symlinkSync(fs.realpathSync(path.join(REPO, 'node_modules')), path.join(copy, 'node_modules'), 'dir');
  });
  afterAll(() => {
    if (copy) fs.rmSync(copy, { recursive: true, force: true });
  });

  it('generates the context, and a second run refuses without touching a file', () => {
    expectSuccess(run('npm', ['run', '-s', 'generate:service', '--', NAME]));
    expect(fs.existsSync(path.join(copy, `libs/${NAME}/service/src/${NAME}.service.ts`))).toBe(true);
    const before = tree();
    const again = run('npm', ['run', '-s', 'generate:service', '--', NAME]);
    expect(again.status).toBe(1);
    expect(again.output).toMatch(/refused: "throwaway-probe" exists already/);
    expect(tree()).toEqual(before);
    expect(run('npm', ['run', '-s', 'generate:service', '--', 'Bad_Name']).status).toBe(1);
  });

  it('lints the new projects with the module-boundary rules (Nx sees them)', () => {
    const projects = run('npx', ['nx', 'show', 'projects']);
    expectSuccess(projects);
    for (const project of [NAME, `${NAME}-domain`, `${NAME}-contracts`, `${NAME}-service`]) expect(projects.output.split('\n')).toContain(project);
    expectSuccess(run('npx', ['eslint', `libs/${NAME}`, `apps/${NAME}`, 'tools/embedded', '--max-warnings=0']));
  }, STEP_TIMEOUT_MS);

  it('puts the new service into both Kubernetes overlays, which still render and validate', () => {
    for (const overlay of ['dev', 'prod']) {
      const rendered = run('bash', ['infra/k8s/kustomize.sh', `deploy/k8s/overlays/${overlay}`]);
      expectSuccess(rendered);
      const validated = spawnSync(process.execPath, ['infra/k8s/validate.mjs', '-'], { cwd: copy, input: rendered.output, encoding: 'utf8' });
      expect(JSON.parse(validated.stdout).errors).toEqual([]);
      const names = (JSON.parse(validated.stdout).objects as { kind: string; name: string }[]).filter((o) => o.name === NAME).map((o) => o.kind).sort();
      expect(names).toEqual(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'Service']);
    }
  });

  it('typechecks the whole workspace', () => {
    expectSuccess(run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']));
  }, STEP_TIMEOUT_MS);

  it("passes the new context's tests (the e2e spec on a fresh PostgreSQL database)", () => {
    const tests = run('node', ['node_modules/jest/bin/jest.js', '--selectProjects', `${NAME}-domain`, `${NAME}-contracts`, `${NAME}-service`]);
    expectSuccess(tests);
    // the decider's spec, the request parser's, the contract's and the e2e spec
    expect(tests.output).toMatch(/Test Suites: 4 passed, 4 total/);
  }, STEP_TIMEOUT_MS);

  it('builds, with the .proto beside the .js, and the built embedded mode starts the new service', async () => {
    expectSuccess(run('npm', ['run', '-s', 'build']));
    expect(fs.existsSync(path.join(copy, `dist/libs/${NAME}/contracts/src/proto/${NAME}.proto`))).toBe(true);
    const ports = { pg: await freePort(), grpc: await freePort(), newGrpc: await freePort() };
    const embedded = run('node', ['dist/tools/embedded/main.js', '--once'], {
      EMBEDDED_DATA_DIR: path.join(copy, '.data/embedded'),
      EMBEDDED_PG_PORT: String(ports.pg),
      DEBTORS_HTTP_PORT: '0',
      DEBTORS_GRPC_PORT: String(ports.grpc),
      THROWAWAY_PROBE_HTTP_PORT: '0',
      THROWAWAY_PROBE_GRPC_PORT: String(ports.newGrpc),
    });
    expectSuccess(embedded);
    expect(embedded.output).toMatch(new RegExp(`${NAME} REST http://127\\.0\\.0\\.1:\\d+  gRPC 127\\.0\\.0\\.1:${ports.newGrpc}`));
  }, STEP_TIMEOUT_MS);
});
