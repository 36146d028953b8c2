import type { ContextNames } from './names';
import { jestConfig, projectJson, type GeneratedFile } from './templates-domain';

/** The gRPC package of a context: `collections.<snake>.v1`. */
export const grpcPackage = (n: ContextNames): string => `collections.${n.snake}.v1`;

/** libs/<name>/contracts: integration event v1 typed by its domain event, the .proto and its path. */
export function contractsFiles(n: ContextNames): GeneratedFile[] {
  const { kebab: k, pascal: N, camel: c, snake: s, constant: C } = n;
  const root = `libs/${k}/contracts`;
  return [
    // api:<name> marks what other contexts may import of this one (see eslint.config.mjs)
    { path: `${root}/project.json`, content: projectJson(n, 'contracts', [`scope:${k}`, 'type:contracts', `api:${k}`]) },
    { path: `${root}/jest.config.cjs`, content: jestConfig(n, 'contracts') },
    {
      path: `${root}/src/index.ts`,
      content: `export * from './${k}.integration-events';
export * from './proto-path';
`,
    },
    {
      path: `${root}/src/proto-path.ts`,
      content: `import path from 'node:path';

/** The ${k} gRPC contract (package ${grpcPackage(n)}, service ${N}Service); the build copies the .proto beside the .js. */
export const ${C}_PROTO_PATH = path.join(__dirname, 'proto', '${k}.proto');
export const ${C}_GRPC_PACKAGE = '${grpcPackage(n)}';
`,
    },
    {
      path: `${root}/src/proto/${k}.proto`,
      content: `// The ${k} service over gRPC: the same use cases as the REST API.
// Authentication: metadata "authorization: Bearer <jwt>" on every call.
// Writes carry an idempotency_key: a repeat returns the first result.
// Instants are ISO 8601 strings in UTC; proto3 has no "absent": an empty string is "not set".
syntax = "proto3";

package ${grpcPackage(n)};

service ${N}Service {
  rpc Open${N} (Open${N}Request) returns (${N});
  rpc Get${N} (Get${N}Request) returns (${N});
}

message Open${N}Request {
  string idempotency_key = 1;
  string title = 2;
}

message Get${N}Request {
  string ${s}_id = 1;
}

message ${N} {
  string ${s}_id = 1;
  string title = 2;
  string status = 3;          // open | closed
  string opened_at = 4;
  string closed_at = 5;       // "" while open
  int64 version = 6;
}
`,
    },
    {
      path: `${root}/src/${k}.integration-events.ts`,
      content: `import { z } from 'zod';
import { integrationEventContracts, type IntegrationEventContract } from '@collections/shared-contracts';
import type { ${N}Event } from '@collections/${k}-domain';

/**
 * What the ${k} context publishes: versioned integration events, separate from its
 * domain events. Ids and facts only (the title stays in the service). A breaking change
 * is a new schemaVersion published beside the old one, never an edit of these.
 */
export const ${c}OpenedV1 = z.object({ ${c}Id: z.uuid(), openedAt: z.string() });

// Typed by the domain event its sourceEventType names: a renamed or removed domain field
// fails \`tsc\` here, not the relay at run time.
const contract = integrationEventContracts<${N}Event>('${k}');

export const ${c}OpenedContractV1 = contract({
  type: '${N}Opened',
  schemaVersion: 1,
  schema: ${c}OpenedV1,
  sourceEventType: '${N}Opened',
  toPayload: ({ data }) => ({ ${c}Id: data.${c}Id, openedAt: data.openedAt }),
});

export const ${C}_INTEGRATION_EVENTS: readonly IntegrationEventContract[] = [${c}OpenedContractV1];
`,
    },
    {
      path: `${root}/src/${k}.integration-events.spec.ts`,
      content: `import { ContractRegistry, integrationEventContracts } from '@collections/shared-contracts';
import type { ${N}Event } from '@collections/${k}-domain';
import { ${C}_INTEGRATION_EVENTS, ${c}OpenedContractV1, ${c}OpenedV1 } from './${k}.integration-events';

const registry = new ContractRegistry(${C}_INTEGRATION_EVENTS);
const ID = '0192f6a0-0000-7000-8000-0000000000a1';

describe('${k} integration events v1', () => {
  // Payloads exactly as v1 consumers may hold them: they must keep parsing.
  it('a stored v1 ${N}Opened payload still parses', () => {
    const payload = { ${c}Id: ID, openedAt: '2026-03-02T12:00:00.000Z' };
    expect(registry.validate('${N}Opened', 1, payload)).toEqual(payload);
  });

  it('refuses a payload without its id', () => {
    expect(() => registry.validate('${N}Opened', 1, { openedAt: '2026-03-02T12:00:00.000Z' })).toThrow(/${c}Id/);
  });

  it('publishes no title (it may hold personal data)', () => {
    const opened = { type: '${N}Opened', data: { ${c}Id: ID, title: 'Ana Costa', openedAt: '2026-03-02T12:00:00.000Z', openedBy: 'u' }, streamId: \`${s}-\${ID}\`, tenantId: 'tenant-a' } as const;
    expect(${c}OpenedContractV1.toPayload(opened)).toEqual({ ${c}Id: ID, openedAt: '2026-03-02T12:00:00.000Z' });
  });

  // Does not compile if the mapping could read a field the domain event lacks:
  // \`npm run typecheck\` fails on an unused @ts-expect-error.
  it('refuses at compile time a mapping that reads a field the domain event lacks', () => {
    const contract = integrationEventContracts<${N}Event>('${k}');
    const wrongField = () =>
      contract({
        type: '${N}Opened',
        schemaVersion: 99,
        schema: ${c}OpenedV1,
        sourceEventType: '${N}Opened',
        // @ts-expect-error ${N}Opened has openedAt, not createdAt
        toPayload: ({ data }) => ({ ${c}Id: data.${c}Id, openedAt: data.createdAt }),
      });
    expect(typeof wrongField).toBe('function');
  });
});
`,
    },
  ];
}
