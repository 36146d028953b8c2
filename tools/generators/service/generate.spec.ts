import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyPlan, GeneratorRefusal, generateService, planService } from './generate';
import { contextNames } from './names';

const REPO = path.resolve(__dirname, '../../..');

/** Every file under a folder with its text: what "nothing was touched" is compared on. */
function snapshot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.set(path.relative(root, full), fs.readFileSync(full, 'utf8'));
    }
  };
  visit(root);
  return files;
}

/** A workspace with just what the generator reads and edits: the real three files, the two k8s overlays, and debtors' projects. */
function miniWorkspace(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'generator-spec-'));
  for (const file of ['tsconfig.base.json', 'eslint.config.mjs', 'tools/embedded/services.ts', 'libs/debtors/service/project.json', 'apps/debtors/project.json', 'deploy/k8s/overlays/dev/kustomization.yaml', 'deploy/k8s/overlays/prod/kustomization.yaml']) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.copyFileSync(path.join(REPO, file), path.join(root, file));
  }
  return root;
}

describe('context names', () => {
  it('gives every spelling the generated files use', () => {
    expect(contextNames('legal-escalation')).toEqual({ kebab: 'legal-escalation', pascal: 'LegalEscalation', camel: 'legalEscalation', snake: 'legal_escalation', constant: 'LEGAL_ESCALATION' });
    expect(contextNames('contacts2')).toMatchObject({ pascal: 'Contacts2', snake: 'contacts2' });
  });

  it.each(['', 'Contacts', 'contacts_x', 'contacts-', '-contacts', 'a--b', 'v-2', '2fa', 'con tacts', 'contacts/x', '../x', 'é', `a${'b'.repeat(30)}`])('refuses %j', (name) => {
    expect(() => contextNames(name)).toThrow(/kebab-case|longer than/);
  });

  it.each(['shared', 'tools', 'embedded', 'class', 'service'])('refuses the reserved name %j', (name) => {
    expect(() => contextNames(name)).toThrow(/reserved/);
  });
});

// The workspace has contacts, negotiation, payments and legal (the last two name their
// default ports in the registry: 3003/50054, 3004/50055): these runs generate one it has not, on the ports after them.
describe('generateService', () => {
  let root: string;
  beforeEach(() => {
    root = miniWorkspace();
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes the context and registers it; a second run refuses and changes nothing', () => {
    const plan = generateService(root, 'generator-probe');
    expect(plan.files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['libs/generator-probe/domain/src/generator-probe.decider.ts', 'libs/generator-probe/contracts/src/proto/generator-probe.proto', 'libs/generator-probe/service/src/generator-probe.service.ts', 'apps/generator-probe/src/main.ts', 'deploy/k8s/base/generator-probe/kustomization.yaml', 'deploy/k8s/base/generator-probe/pdb.yaml']),
    );
    for (const file of plan.files) expect(fs.readFileSync(path.join(root, file.path), 'utf8')).toBe(file.content);
    const paths = JSON.parse(fs.readFileSync(path.join(root, 'tsconfig.base.json'), 'utf8')).compilerOptions.paths;
    expect(paths['@collections/generator-probe-service']).toEqual(['libs/generator-probe/service/src/index.ts']);
    expect(paths['@collections/debtors-service']).toEqual(['libs/debtors/service/src/index.ts']);
    const eslint = fs.readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8');
    expect(eslint).toContain("{ sourceTag: 'scope:generator-probe', onlyDependOnLibsWithTags: ['scope:generator-probe', 'scope:shared'] },");
    expect(eslint).toMatch(/sourceTag: 'scope:tools', onlyDependOnLibsWithTags: \[[^\]]*'scope:debtors'[^\]]*'scope:generator-probe'\]/);
    expect(fs.readFileSync(path.join(root, 'tools/embedded/services.ts'), 'utf8')).toContain("port('GENERATOR_PROBE_HTTP_PORT', 3006)");
    const prod = fs.readFileSync(path.join(root, 'deploy/k8s/overlays/prod/kustomization.yaml'), 'utf8');
    expect(prod).toContain('  - ../../base/generator-probe\n');
    expect(prod).toContain('  - { name: collections/generator-probe, newTag: "0.1.0" }\n');
    expect(fs.readFileSync(path.join(root, 'deploy/k8s/overlays/dev/kustomization.yaml'), 'utf8')).toContain('  - { name: collections/generator-probe, newTag: dev }\n');

    const before = snapshot(root);
    expect(() => generateService(root, 'generator-probe')).toThrow(GeneratorRefusal);
    expect(snapshot(root)).toEqual(before);
  });

  it('gives the next generated service the next default ports, above every port an entry names', () => {
    generateService(root, 'generator-probe');
    generateService(root, 'payment-plans');
    const registry = fs.readFileSync(path.join(root, 'tools/embedded/services.ts'), 'utf8');
    // contacts (3001), negotiation (3002), payments (3003), legal (3004) and reporting (3005) are registered: 3006, then 3007
    expect(registry).toContain("port('GENERATOR_PROBE_GRPC_PORT', 50057)");
    expect(registry).toContain("port('PAYMENT_PLANS_HTTP_PORT', 3007)");
    expect(registry).toContain("port('PAYMENT_PLANS_GRPC_PORT', 50058)");
  });

  it.each([
    ['a folder of the name exists', () => fs.mkdirSync(path.join(root, 'deploy/k8s/base/generator-probe'), { recursive: true }), 'generator-probe', /deploy\/k8s\/base\/generator-probe/],
    ['a project of the name exists', () => undefined, 'debtors', /libs\/debtors|project/],
    ['an app project would take an existing name', () => undefined, 'debtors-service', /project is named debtors-service/],
    ['the scope is in the lint rules already', () => fs.appendFileSync(path.join(root, 'eslint.config.mjs'), "\n// 'scope:generator-probe'\n"), 'generator-probe', /scope:generator-probe/],
  ])('refuses when %s, writing nothing', (_case, arrange, name, message) => {
    arrange();
    const before = snapshot(root);
    expect(() => generateService(root, name)).toThrow(message);
    expect(snapshot(root)).toEqual(before);
  });

  it('never overwrites: a file that appears between plan and write undoes the whole run', () => {
    const before = snapshot(root);
    const plan = planService(root, 'generator-probe');
    const last = plan.files[plan.files.length - 1]!;
    fs.mkdirSync(path.dirname(path.join(root, last.path)), { recursive: true });
    fs.writeFileSync(path.join(root, last.path), 'mine');
    expect(() => applyPlan(root, plan)).toThrow(/EEXIST/);
    expect(fs.readFileSync(path.join(root, last.path), 'utf8')).toBe('mine');
    fs.rmSync(path.join(root, 'deploy/k8s/base'), { recursive: true });
    expect(snapshot(root)).toEqual(before);
  });
});
