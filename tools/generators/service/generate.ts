import fs from 'node:fs';
import path from 'node:path';
import { contextNames, InvalidContextName, type ContextNames } from './names';
import { appFiles } from './templates-app';
import { contractsFiles } from './templates-contracts';
import { domainFiles, type GeneratedFile } from './templates-domain';
import { serviceFiles } from './templates-service';

/** An existing file of the workspace and its text once the new context is registered in it. */
export interface FileEdit {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** Everything the generator would write, decided before anything is written. */
export interface ServicePlan {
  readonly names: ContextNames;
  readonly files: readonly GeneratedFile[];
  readonly edits: readonly FileEdit[];
}

export class GeneratorRefusal extends Error {
  override readonly name = 'GeneratorRefusal';
}

// Markers in tools/embedded/services.ts where the generator registers a service.
const IMPORTS_MARKER = '// generate:service imports below this line\n';
const ENTRIES_MARKER = '  // generate:service entries above this line\n';
// The first generated service listens beside debtors (3000 / 50051), the next ones after it.
const FIRST_HTTP_PORT = 3001;
const FIRST_GRPC_PORT = 50052;

const read = (root: string, file: string): string => fs.readFileSync(path.join(root, file), 'utf8');

/** Names of the workspace's Nx projects (every project.json under apps/, libs/ and tools/). */
function projectNames(root: string): Set<string> {
  const names = new Set<string>();
  const visit = (dir: string, depth: number) => {
    const file = path.join(dir, 'project.json');
    if (fs.existsSync(file)) names.add((JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string }).name);
    if (depth === 0 || !fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && entry.name !== 'node_modules' && !entry.name.startsWith('.')) visit(path.join(dir, entry.name), depth - 1);
    }
  };
  for (const top of ['apps', 'libs', 'tools']) visit(path.join(root, top), 2);
  return names;
}

/** The three path aliases, appended to the `paths` of tsconfig.base.json (kept as it is formatted). */
function tsconfigEdit(root: string, n: ContextNames): FileEdit {
  const file = 'tsconfig.base.json';
  const before = read(root, file);
  const match = /("paths"\s*:\s*\{)([^}]*)(\})/.exec(before);
  if (!match) throw new GeneratorRefusal(`${file}: no "paths" object found`);
  const [, open, body, close] = match as unknown as [string, string, string, string];
  const indent = /\n(\s+)"/.exec(body)?.[1] ?? '      ';
  const entries = ['domain', 'contracts', 'service'].map((layer) => `${indent}"@collections/${n.kebab}-${layer}": ["libs/${n.kebab}/${layer}/src/index.ts"]`);
  const trimmed = body.replace(/\s*$/, '');
  const closingIndent = /\n(\s*)$/.exec(body)?.[1] ?? '    ';
  const nextBody = `${trimmed}${trimmed.trim() ? ',' : ''}\n${entries.join(',\n')}\n${closingIndent}`;
  const after = before.slice(0, match.index) + open + nextBody + close + before.slice(match.index + match[0].length);
  JSON.parse(after); // still JSON, or nothing is written
  return { path: file, before, after };
}

/** The scope's dependency rule (its own libs and shared ones), and the scope allowed to tools (the embedded launcher). */
function eslintEdit(root: string, n: ContextNames): FileEdit {
  const file = 'eslint.config.mjs';
  const before = read(root, file);
  const tools = /^([ \t]*)\{ sourceTag: 'scope:tools', onlyDependOnLibsWithTags: \[([^\]]*)\] \},$/m.exec(before);
  if (!tools) throw new GeneratorRefusal(`${file}: the scope:tools rule was not found where the generator expects it`);
  const [line, indent, allowed] = tools as unknown as [string, string, string];
  const rule = `${indent}{ sourceTag: 'scope:${n.kebab}', onlyDependOnLibsWithTags: ['scope:${n.kebab}', 'scope:shared'] },`;
  const toolsLine = `${indent}{ sourceTag: 'scope:tools', onlyDependOnLibsWithTags: [${allowed}, 'scope:${n.kebab}'] },`;
  const after = `${before.slice(0, tools.index)}${rule}\n${toolsLine}${before.slice(tools.index + line.length)}`;
  return { path: file, before, after };
}

/** The service's entry in the embedded launcher's registry, on the next free pair of default ports. */
const OVERLAYS = ['dev', 'prod'] as const;
const OVERLAY_RESOURCES_MARKER = '  # npm run generate:service adds its service above this line\n';
const OVERLAY_IMAGES_MARKER = '  # npm run generate:service adds its image above this line\n';

/** deploy/k8s/overlays/<overlay>: the new base among the resources, its image with the overlay's tag (the debtors one's). */
function overlayEdit(root: string, n: ContextNames, overlay: (typeof OVERLAYS)[number]): FileEdit {
  const file = `deploy/k8s/overlays/${overlay}/kustomization.yaml`;
  const before = read(root, file);
  const tag = /^ {2}- \{ name: collections\/debtors, newTag: ("?[^ ]+"?) \}$/m.exec(before)?.[1];
  if (!before.includes(OVERLAY_RESOURCES_MARKER) || !before.includes(OVERLAY_IMAGES_MARKER) || tag === undefined) {
    throw new GeneratorRefusal(`${file}: the generate:service markers or the debtors image are missing`);
  }
  const after = before
    .replace(OVERLAY_RESOURCES_MARKER, `  - ../../base/${n.kebab}\n${OVERLAY_RESOURCES_MARKER}`)
    .replace(OVERLAY_IMAGES_MARKER, `  - { name: collections/${n.kebab}, newTag: ${tag} }\n${OVERLAY_IMAGES_MARKER}`);
  return { path: file, before, after };
}

function embeddedEdit(root: string, n: ContextNames): FileEdit {
  const file = 'tools/embedded/services.ts';
  const before = read(root, file);
  if (!before.includes(IMPORTS_MARKER) || !before.includes(ENTRIES_MARKER)) throw new GeneratorRefusal(`${file}: the generate:service markers are missing`);
  const registered = (before.match(/^\s+name: '/gm) ?? []).length;
  // after every entry, and above every default port an entry names here (a hand-written
  // entry, such as payments', may have taken a port further on than its place in the list)
  const highest = (kind: 'HTTP' | 'GRPC') => Math.max(0, ...[...before.matchAll(new RegExp(`port\\('[A-Z0-9_]+_${kind}_PORT', (\\d+)\\)`, 'g'))].map((m) => Number(m[1])));
  const httpPort = Math.max(FIRST_HTTP_PORT + registered, highest('HTTP') + 1);
  const grpcPort = Math.max(FIRST_GRPC_PORT + registered, highest('GRPC') + 1);
  const { kebab: k, pascal: N, constant: C } = n;
  const entry = `  {
    name: '${k}',
    start: (environment) =>
      start${N}Service({
        database: environment.database,
        verifier: environment.verifier,
        masterKey: environment.masterKey,
        messaging: { kind: 'embedded' },
        singleConnection: true,
        http: { host: environment.host, port: environment.port('${C}_HTTP_PORT', ${httpPort}) },
        grpc: { host: environment.host, port: environment.port('${C}_GRPC_PORT', ${grpcPort}) },
        logLevel: environment.logLevel,
      }),
  },
`;
  const after = before
    .replace(IMPORTS_MARKER, `${IMPORTS_MARKER}import { start${N}Service } from '@collections/${k}-service';\n`)
    .replace(ENTRIES_MARKER, `${entry}${ENTRIES_MARKER}`);
  return { path: file, before, after };
}

/**
 * What generating the context `name` would write into the workspace at `root`; refuses
 * (GeneratorRefusal) a bad or reserved name, or one the workspace already uses in any
 * way (a folder, a project, an alias, a scope tag), so a second run changes nothing.
 */
export function planService(root: string, name: string): ServicePlan {
  let n: ContextNames;
  try {
    n = contextNames(name);
  } catch (error) {
    if (error instanceof InvalidContextName) throw new GeneratorRefusal(error.message);
    throw error;
  }
  const k = n.kebab;
  for (const folder of [`libs/${k}`, `apps/${k}`, `deploy/k8s/base/${k}`]) {
    if (fs.existsSync(path.join(root, folder))) throw new GeneratorRefusal(`"${k}" exists already: ${folder}/ is there`);
  }
  const projects = projectNames(root);
  for (const project of [k, `${k}-domain`, `${k}-contracts`, `${k}-service`]) {
    if (projects.has(project)) throw new GeneratorRefusal(`"${k}" exists already: an Nx project is named ${project}`);
  }
  if (read(root, 'tsconfig.base.json').includes(`"@collections/${k}-`)) throw new GeneratorRefusal(`"${k}" exists already: tsconfig.base.json has @collections/${k}-* aliases`);
  if (read(root, 'eslint.config.mjs').includes(`'scope:${k}'`)) throw new GeneratorRefusal(`"${k}" exists already: eslint.config.mjs has a scope:${k} rule`);
  if (read(root, 'tools/embedded/services.ts').includes(`name: '${k}'`)) throw new GeneratorRefusal(`"${k}" exists already in tools/embedded/services.ts`);

  const files = [...domainFiles(n), ...contractsFiles(n), ...serviceFiles(n), ...appFiles(n)];
  for (const file of files) {
    if (fs.existsSync(path.join(root, file.path))) throw new GeneratorRefusal(`${file.path} exists already; nothing was written`);
  }
  return { names: n, files, edits: [tsconfigEdit(root, n), eslintEdit(root, n), embeddedEdit(root, n), ...OVERLAYS.map((o) => overlayEdit(root, n, o))] };
}

/**
 * Writes a plan: new files are created exclusively (an existing one is never
 * overwritten), and an edited file is written only if it still holds the text the plan
 * was made from. A failure part-way removes what this run created and restores the edits.
 */
export function applyPlan(root: string, plan: ServicePlan): void {
  const created: string[] = [];
  const createdDirs: string[] = [];
  const edited: FileEdit[] = [];
  try {
    for (const file of plan.files) {
      const target = path.join(root, file.path);
      let dir = path.dirname(target);
      const missing: string[] = [];
      while (!fs.existsSync(dir)) {
        missing.unshift(dir);
        dir = path.dirname(dir);
      }
      for (const folder of missing) {
        fs.mkdirSync(folder);
        createdDirs.push(folder);
      }
      fs.writeFileSync(target, file.content, { flag: 'wx' });
      created.push(target);
    }
    for (const edit of plan.edits) {
      if (read(root, edit.path) !== edit.before) throw new GeneratorRefusal(`${edit.path} changed while generating; nothing was written`);
      fs.writeFileSync(path.join(root, edit.path), edit.after);
      edited.push(edit);
    }
  } catch (error) {
    for (const edit of edited) fs.writeFileSync(path.join(root, edit.path), edit.before);
    for (const file of created.reverse()) fs.rmSync(file, { force: true });
    for (const folder of createdDirs.reverse()) fs.rmSync(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Plans, then writes: the paths created and the files edited, for the caller to report. */
export function generateService(root: string, name: string): ServicePlan {
  const plan = planService(root, name);
  applyPlan(root, plan);
  return plan;
}
