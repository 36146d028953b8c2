import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

// Framework, database and broker packages a `type:domain` project may never import:
// deciders stay pure (no I/O, no clock, no random ids) and can be tested without any of them.
const INFRASTRUCTURE_PACKAGES = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'pg-*',
  '@electric-sql/*',
  'kafkajs',
  '@confluentinc/*',
  '@platformatic/kafka',
  'express',
  'fastify',
  '@grpc/*',
  'pino',
  '@opentelemetry/*',
];

// Layers and bounded contexts. Tests of a domain project may also use the shared test
// helpers (type:util, e.g. DeciderSpecification); its production code may not.
function boundaries({ testCode }) {
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      {
        sourceTag: 'type:domain',
        onlyDependOnLibsWithTags: testCode ? ['type:domain', 'type:util'] : ['type:domain'],
        bannedExternalImports: INFRASTRUCTURE_PACKAGES,
      },
      { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts', 'type:domain'] },
      { sourceTag: 'type:util', onlyDependOnLibsWithTags: ['type:util', 'type:domain'] },
      { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:infra', 'type:util', 'type:domain', 'type:contracts'] },
      // a feature library is one service's composition (use cases, controllers, projections)
      { sourceTag: 'type:feature', onlyDependOnLibsWithTags: ['type:infra', 'type:util', 'type:domain', 'type:contracts'] },
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:feature', 'type:infra', 'type:util', 'type:domain', 'type:contracts'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      // A context reaches another only through its published contracts, tagged `api:<context>`
      // (its contracts lib, nothing else of it): debtors consumes negotiation and payments events;
      // negotiation reads debts and payments; payments charges installments and reads debts.
      { sourceTag: 'scope:debtors', onlyDependOnLibsWithTags: ['scope:debtors', 'scope:shared', 'api:negotiation', 'api:payments'] },
      { sourceTag: 'scope:negotiation', onlyDependOnLibsWithTags: ['scope:negotiation', 'scope:shared', 'api:debtors', 'api:payments'] },
      { sourceTag: 'scope:payments', onlyDependOnLibsWithTags: ['scope:payments', 'scope:shared', 'api:debtors', 'api:negotiation'] },
      { sourceTag: 'scope:contacts', onlyDependOnLibsWithTags: ['scope:contacts', 'scope:shared', 'api:debtors', 'api:negotiation', 'api:payments', 'api:legal'] },
      { sourceTag: 'scope:legal', onlyDependOnLibsWithTags: ['scope:legal', 'scope:shared', 'api:debtors', 'api:contacts', 'api:payments', 'api:negotiation'] },
      // reporting reads every context's published events
      { sourceTag: 'scope:reporting', onlyDependOnLibsWithTags: ['scope:reporting', 'scope:shared', 'api:debtors', 'api:contacts', 'api:negotiation', 'api:payments', 'api:legal'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:shared', 'scope:tools', 'scope:debtors', 'scope:negotiation', 'scope:payments', 'scope:contacts', 'scope:legal', 'scope:reporting'] },
    ],
  };
}

export default [
  { ignores: ['**/dist', '**/node_modules', '**/.cache', '**/.nx', '**/tmp', '**/coverage', '**/*.cjs', '**/*.mjs', '**/*.js'] },
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: false })],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    // Belt and braces for the same rule: Nx only bans packages that are installed
    // (in its project graph); this also catches one added to a domain file first.
    files: ['libs/*/domain/**/*.ts', 'libs/shared/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: INFRASTRUCTURE_PACKAGES.flatMap((p) => (p.endsWith('/*') ? [p.slice(0, -2), p] : [p])),
              message: 'Domain code is pure: no framework, database or broker packages (deciders are tested without them).',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests may use the non-null assertion and `any` where a fixture needs it.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/contract/*.ts', '**/testing/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@nx/enforce-module-boundaries': ['error', boundaries({ testCode: true })],
    },
  },
];
