/** The spellings of a context's name that the generated files use. */
export interface ContextNames {
  /** kebab-case, as given: folders, project names, routes, the scope tag (`legal-escalation`). */
  readonly kebab: string;
  /** PascalCase: types, classes, the aggregate (`LegalEscalation`). */
  readonly pascal: string;
  /** camelCase: fields, the stream category (`legalEscalation`). */
  readonly camel: string;
  /** snake_case: proto fields and package, test database labels (`legal_escalation`). */
  readonly snake: string;
  /** CONSTANT_CASE: exported constants, environment variables (`LEGAL_ESCALATION`). */
  readonly constant: string;
}

// Lower-case words joined by single dashes, each word starting with a letter: every
// spelling above is then a valid identifier, proto name, tag and folder, and no two
// names collapse onto the same camelCase (`v-2` and `v2` would).
const KEBAB = /^[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)*$/;
const MAX_LENGTH = 30;

// Folder and tag names the workspace already gives a meaning, and words that would make
// a generated identifier or proto name invalid or misleading.
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  'shared', 'tools', 'tool', 'apps', 'app', 'libs', 'lib', 'dist', 'node-modules', 'k8s', 'infra', 'docs', 'test-setup',
  'collections', 'embedded', 'service', 'services', 'domain', 'contracts', 'api', 'scope', 'type', 'kit', 'service-kit',
  'generator', 'generators', 'build', 'lint', 'bench', 'audit', 'testing', 'test', 'tmp', 'coverage', 'cache',
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do', 'else', 'enum',
  'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null',
  'return', 'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield',
  'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'await', 'async',
  'syntax', 'option', 'message', 'rpc', 'returns', 'stream', 'google', 'proto',
]);

export class InvalidContextName extends Error {
  override readonly name = 'InvalidContextName';
}

/** The name's spellings, or InvalidContextName saying what is wrong with it. */
export function contextNames(name: string): ContextNames {
  if (!KEBAB.test(name)) {
    throw new InvalidContextName(`"${name}" is not kebab-case: lower-case letters and digits, words joined by single dashes, each word starting with a letter (e.g. "contacts", "legal-escalation")`);
  }
  if (name.length > MAX_LENGTH) throw new InvalidContextName(`"${name}" is longer than ${MAX_LENGTH} characters`);
  if (RESERVED_NAMES.has(name)) throw new InvalidContextName(`"${name}" is reserved in this workspace`);
  const words = name.split('-');
  const pascal = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  return {
    kebab: name,
    pascal,
    camel: pascal[0]!.toLowerCase() + pascal.slice(1),
    snake: words.join('_'),
    constant: words.join('_').toUpperCase(),
  };
}
