import type { ContextNames } from './names';
import { jestConfig, projectJson, type GeneratedFile } from './templates-domain';

/** libs/<name>/service: the write and the read use cases on the service kit, and their e2e spec. */
export function serviceFiles(n: ContextNames): GeneratedFile[] {
  const { kebab: k, pascal: N, camel: c, snake: s, constant: C } = n;
  const root = `libs/${k}/service`;
  const src = `${root}/src`;
  const roles = `'integrator', 'agent', 'supervisor', 'admin'`;
  const readRoles = `'integrator', 'agent', 'supervisor', 'auditor', 'admin'`;
  return [
    { path: `${root}/project.json`, content: projectJson(n, 'service', [`scope:${k}`, 'type:feature']) },
    { path: `${root}/jest.config.cjs`, content: jestConfig(n, 'service') },
    {
      path: `${src}/index.ts`,
      content: `export * from './${k}.service';
export * from './${k}.use-cases';
export type { ${N}View } from './${k}/${k}.view';
export type { Outcome } from './shared/outcome';
`,
    },
    {
      path: `${src}/shared/ids.ts`,
      content: `import { isUuid } from '@collections/shared-kernel';
import { NotFoundProblem } from '@collections/shared-nest';
import type { ${N}Id } from '@collections/${k}-domain';

export type { ${N}Id };

/** Its stream; the category (before the first dash) is \`${s}\`. */
export const ${c}Stream = (${c}Id: ${N}Id): string => \`${s}-\${${c}Id}\`;

/** An id from a path or a message: anything that is not a UUID cannot name one, so it is answered 404, not 400. */
export function known${N}Id(value: string, field = '${c}Id'): ${N}Id {
  if (!isUuid(value)) throw new NotFoundProblem(\`\${field} \${value} is not a known id\`);
  return value.toLowerCase() as ${N}Id;
}

/** A new id from the attempt's id generator (a UUIDv7 derived from the idempotency key), branded. */
export const new${N}Id = (next: () => string): ${N}Id => next() as ${N}Id;
`,
    },
    {
      path: `${src}/shared/outcome.ts`,
      content: `import type { Outcome as KitOutcome } from '@collections/shared-service-kit';
import type { ${N}RuleCode } from '@collections/${k}-domain';

/** A ${k} use case's outcome: refusals carry a rule code of this context. */
export type Outcome<T> = KitOutcome<T, ${N}RuleCode>;
`,
    },
    {
      path: `${src}/shared/grpc-message.ts`,
      content: `import type { Metadata } from '@grpc/grpc-js';
import { principalOfMetadata, type Principal } from '@collections/shared-auth';

/** A decoded gRPC request message (proto-loader: camelCase fields). */
export type GrpcMessage = Readonly<Record<string, unknown>>;

/** A string field, or undefined when not sent (proto3 sends ""). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A string field that is a path id in REST: "" when not sent, which no resource has. */
export const id = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The caller of a gRPC method, set by the global JwtAuthGuard (which has refused calls without a valid token). */
export function grpcPrincipal(metadata: Metadata): Principal {
  const principal = principalOfMetadata(metadata);
  if (!principal) throw new Error('no authenticated principal on this call');
  return principal;
}
`,
    },
    {
      path: `${src}/shared/${k}-writer.ts`,
      content: `import type { Counter } from 'prom-client';
import { handleCommand, type CommandOutcome, type EventCodec, type SqlEventStore } from '@collections/shared-event-store';
import { TenantId, type IdGenerator } from '@collections/shared-kernel';
import { done, notFound, refused, type RequestContext } from '@collections/shared-service-kit';
import { ${c}Decider, ${N}RuleViolation, type ${N}Command, type ${N}Event, type ${N}RuleCode, type ${N}State } from '@collections/${k}-domain';
import { ${c}Stream, type ${N}Id } from './ids';
import type { Outcome } from './outcome';

/** ${N} events hold no encrypted fields: stored as they are. */
export const ${c}EventCodec: EventCodec<${N}Event> = {
  async encode(event) {
    return { type: event.type, data: event.data };
  },
  async decode(recorded) {
    return { type: recorded.type, data: recorded.data } as ${N}Event;
  },
};

/** Refusals that mean "no such resource" to the caller. */
const NOT_FOUND_CODES: ReadonlySet<${N}RuleCode> = new Set(['${C}_NOT_OPENED']);

/**
 * The ${k} side of the one write path: a command to a ${N}'s stream through
 * \`handleCommand\` (read, fold, decide, append with the version read), counted by type
 * and outcome. A decider's refusal becomes an Outcome; anything else is thrown on.
 */
export class ${N}Writer {
  constructor(
    private readonly store: SqlEventStore,
    private readonly ids: IdGenerator,
    private readonly commands?: Counter<'command' | 'outcome'>,
  ) {}

  async write(ctx: RequestContext, ${c}Id: ${N}Id, command: ${N}Command): Promise<Outcome<CommandOutcome<${N}State, ${N}Event>>> {
    // an idempotent attempt brings its own (derived) ids: a retry appends the same event ids
    const ids = ctx.ids ?? this.ids;
    const metadata = {
      actor: ctx.principal.subject,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    try {
      const value = await handleCommand(this.store, ${c}Decider, ${c}EventCodec, ${c}Stream(${c}Id), command, {
        tenantId: TenantId.parse(ctx.principal.tenantId),
        metadata,
        nextEventId: () => ids.next(),
      });
      this.commands?.inc({ command: command.type, outcome: 'accepted' });
      return done(value);
    } catch (error) {
      if (error instanceof ${N}RuleViolation) {
        this.commands?.inc({ command: command.type, outcome: 'refused' });
        return NOT_FOUND_CODES.has(error.code) ? notFound(error.message) : refused(error.code, error.message);
      }
      this.commands?.inc({ command: command.type, outcome: 'failed' });
      throw error;
    }
  }
}
`,
    },
    {
      path: `${src}/shared/${k}-deps.ts`,
      content: `import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock } from '@collections/shared-kernel';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { ${N}Writer } from './${k}-writer';

/** What the ${k} use cases' handlers are built from (the composition makes it once). */
export interface ${N}Deps {
  readonly store: SqlEventStore;
  readonly writer: ${N}Writer;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
}
`,
    },
    {
      path: `${src}/${k}/${k}.view.ts`,
      content: `import { assertNever, fold } from '@collections/shared-kernel';
import { ${c}Decider, type ${N}State } from '@collections/${k}-domain';
import type { ${N}Deps } from '../shared/${k}-deps';
import { ${c}EventCodec } from '../shared/${k}-writer';
import { ${c}Stream, type ${N}Id } from '../shared/ids';

/** A ${N} as both transports answer it. */
export interface ${N}View {
  readonly ${c}Id: string;
  readonly title: string;
  readonly status: 'open' | 'closed';
  readonly openedAt: string;
  readonly closedAt?: string;
  readonly version: number;
}

/** The view of a state folded from the stream at \`version\`; none before it was opened. */
export function ${c}ViewOf(state: ${N}State, version: number): ${N}View | undefined {
  switch (state.status) {
    case 'none':
      return undefined;
    case 'open':
      return { ${c}Id: state.${c}Id, title: state.title, status: 'open', openedAt: state.openedAt, version };
    case 'closed':
      return { ${c}Id: state.${c}Id, title: state.title, status: 'closed', openedAt: state.openedAt, closedAt: state.closedAt, version };
    default:
      return assertNever(state, '${k} state');
  }
}

/** A ${N} folded from its stream (this tenant's only): always consistent with the caller's own writes. */
export async function read${N}(deps: Pick<${N}Deps, 'store'>, tenantId: string, ${c}Id: ${N}Id): Promise<${N}View | undefined> {
  const { events, currentVersion } = await deps.store.readStream(${c}Stream(${c}Id), { tenantId });
  const decoded = await Promise.all(events.map((event) => ${c}EventCodec.decode(event)));
  return ${c}ViewOf(fold(${c}Decider, decoded), currentVersion);
}

/** The proto message of a view: proto3 has no absent string, so "" while open. */
export const ${c}Out = (view: ${N}View) => ({ ...view, closedAt: view.closedAt ?? '' });
`,
    },
    // the write use case
    {
      path: `${src}/${k}/open-${k}/open-${k}.request.ts`,
      content: `import { z } from 'zod';
import { parseText } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

export const open${N}Body = z.object({ title: z.string() });

/** Open a ${N}: its id is minted by the service. */
export interface Open${N}Request {
  /** Trimmed, 1-200 characters. */
  readonly title: string;
}

/**
 * The only validation edge of the use case (REST and gRPC): zod for the shape, the
 * kernel's parsers for each field's format. The handler builds a typed command from what
 * it returns; the decider checks only invariants.
 */
export function parseOpen${N}Request(input: unknown): Open${N}Request {
  const body = parseInput(open${N}Body, input);
  return { title: parseText(body.title, 'title', { max: 200 }) };
}
`,
    },
    {
      path: `${src}/${k}/open-${k}/open-${k}.request.spec.ts`,
      content: `import { ValidationError } from '@collections/shared-kernel';
import { parseOpen${N}Request } from './open-${k}.request';

describe('the request to open a ${N}', () => {
  it('keeps the title trimmed', () => {
    expect(parseOpen${N}Request({ title: '  First  ' })).toEqual({ title: 'First' });
  });

  it.each(['', '   ', 'x'.repeat(201)])('refuses the title %j, naming the field', (title) => {
    expect(() => parseOpen${N}Request({ title })).toThrow(ValidationError);
    expect(() => parseOpen${N}Request({ title })).toThrow(/title: must have 1-200 characters/);
  });

  it('names a field of the wrong type', () => {
    expect(() => parseOpen${N}Request({ title: 7 })).toThrow(/title/);
  });
});
`,
    },
    {
      path: `${src}/${k}/open-${k}/open-${k}.handler.ts`,
      content: `import { parseActor } from '@collections/shared-kernel';
import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ${N}Deps } from '../../shared/${k}-deps';
import { new${N}Id } from '../../shared/ids';
import type { Outcome } from '../../shared/outcome';
import { ${c}ViewOf, type ${N}View } from '../${k}.view';
import type { Open${N}Request } from './open-${k}.request';

export class Open${N}Handler {
  constructor(private readonly deps: ${N}Deps) {}

  execute(ctx: RequestContext, request: Open${N}Request): Promise<Outcome<${N}View>> {
    return this.deps.idempotency.run(ctx, { type: 'Open${N}', target: '', request }, async (attempt) => {
      // minted from the attempt's ids: a retry of the same key and request opens the same one
      const ${c}Id = new${N}Id(() => attempt.ids.next());
      const now = this.deps.clock.now().toISOString();
      const written = await this.deps.writer.write(attempt, ${c}Id, { type: 'Open${N}', ${c}Id, title: request.title, now, actor: parseActor(ctx.principal.subject) });
      if (written.kind !== 'done') return written;
      const view = ${c}ViewOf(written.value.state, written.value.nextExpectedVersion);
      return view ? done(view) : notFound(\`${k} \${${c}Id} not found\`);
    });
  }
}
`,
    },
    {
      path: `${src}/${k}/open-${k}/open-${k}.http.controller.ts`,
      content: `import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { httpContext, IDEMPOTENCY, schema, valueOrProblem } from '@collections/shared-service-kit';
import { Open${N}Handler } from './open-${k}.handler';
import { open${N}Body, parseOpen${N}Request } from './open-${k}.request';

@ApiTags('${k}')
@ApiBearerAuth()
@Controller('${k}')
export class Open${N}HttpController {
  constructor(@Inject(Open${N}Handler) private readonly handler: Open${N}Handler) {}

  @Post()
  @HttpCode(201)
  @Roles(${roles})
  @ApiOperation({ summary: 'Open a ${N}' })
  @ApiHeader(IDEMPOTENCY)
  @ApiBody({ schema: schema(open${N}Body) })
  async open(@CurrentPrincipal() principal: Principal, @Req() req: Request, @Body() body: unknown) {
    return valueOrProblem(await this.handler.execute(httpContext(principal, req), parseOpen${N}Request(body)));
  }
}
`,
    },
    {
      path: `${src}/${k}/open-${k}/open-${k}.grpc.controller.ts`,
      content: `import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { grpcContext, GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, str, type GrpcMessage } from '../../shared/grpc-message';
import { ${c}Out } from '../${k}.view';
import { Open${N}Handler } from './open-${k}.handler';
import { parseOpen${N}Request } from './open-${k}.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class Open${N}GrpcController {
  constructor(@Inject(Open${N}Handler) private readonly handler: Open${N}Handler) {}

  @GrpcMethod('${N}Service', 'Open${N}')
  @Roles(${roles})
  async open(message: GrpcMessage, metadata: Metadata) {
    const ctx = grpcContext(grpcPrincipal(metadata), metadata, str(message['idempotencyKey']));
    return ${c}Out(valueOrProblem(await this.handler.execute(ctx, parseOpen${N}Request({ title: message['title'] }))));
  }
}
`,
    },
    // the read use case
    {
      path: `${src}/${k}/get-${k}/get-${k}.request.ts`,
      content: `import { known${N}Id, type ${N}Id } from '../../shared/ids';

/** A ${N} by its id (a path parameter in REST, a field over gRPC). */
export interface Get${N}Request {
  readonly ${c}Id: ${N}Id;
}

export function parseGet${N}Request(${c}Id: string): Get${N}Request {
  return { ${c}Id: known${N}Id(${c}Id) };
}
`,
    },
    {
      path: `${src}/${k}/get-${k}/get-${k}.handler.ts`,
      content: `import { done, notFound, type RequestContext } from '@collections/shared-service-kit';
import type { ${N}Deps } from '../../shared/${k}-deps';
import type { Outcome } from '../../shared/outcome';
import { read${N}, type ${N}View } from '../${k}.view';
import type { Get${N}Request } from './get-${k}.request';

/** Another tenant's ${N} is not found, exactly as an unknown id. */
export class Get${N}Handler {
  constructor(private readonly deps: ${N}Deps) {}

  async execute(ctx: Pick<RequestContext, 'principal'>, request: Get${N}Request): Promise<Outcome<${N}View>> {
    const view = await read${N}(this.deps, ctx.principal.tenantId, request.${c}Id);
    return view ? done(view) : notFound(\`${k} \${request.${c}Id} not found\`);
  }
}
`,
    },
    {
      path: `${src}/${k}/get-${k}/get-${k}.http.controller.ts`,
      content: `import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@collections/shared-auth';
import { valueOrProblem } from '@collections/shared-service-kit';
import { Get${N}Handler } from './get-${k}.handler';
import { parseGet${N}Request } from './get-${k}.request';

@ApiTags('${k}')
@ApiBearerAuth()
@Controller('${k}')
export class Get${N}HttpController {
  constructor(@Inject(Get${N}Handler) private readonly handler: Get${N}Handler) {}

  @Get(':${c}Id')
  @Roles(${readRoles})
  @ApiOperation({ summary: 'A ${N}, folded from its stream' })
  async get(@CurrentPrincipal() principal: Principal, @Param('${c}Id') ${c}Id: string) {
    return valueOrProblem(await this.handler.execute({ principal }, parseGet${N}Request(${c}Id)));
  }
}
`,
    },
    {
      path: `${src}/${k}/get-${k}/get-${k}.grpc.controller.ts`,
      content: `import { Controller, Inject, UseFilters } from '@nestjs/common';
import { GrpcMethod } from '@nestjs/microservices';
import type { Metadata } from '@grpc/grpc-js';
import { Roles } from '@collections/shared-auth';
import { GrpcProblemFilter, valueOrProblem } from '@collections/shared-service-kit';
import { grpcPrincipal, id, type GrpcMessage } from '../../shared/grpc-message';
import { ${c}Out } from '../${k}.view';
import { Get${N}Handler } from './get-${k}.handler';
import { parseGet${N}Request } from './get-${k}.request';

@Controller()
@UseFilters(GrpcProblemFilter)
export class Get${N}GrpcController {
  constructor(@Inject(Get${N}Handler) private readonly handler: Get${N}Handler) {}

  @GrpcMethod('${N}Service', 'Get${N}')
  @Roles(${readRoles})
  async get(message: GrpcMessage, metadata: Metadata) {
    return ${c}Out(valueOrProblem(await this.handler.execute({ principal: grpcPrincipal(metadata) }, parseGet${N}Request(id(message['${c}Id'])))));
  }
}
`,
    },
    {
      path: `${src}/${k}.use-cases.ts`,
      content: `import type { Provider, Type } from '@nestjs/common';
import { Get${N}GrpcController } from './${k}/get-${k}/get-${k}.grpc.controller';
import { Get${N}Handler } from './${k}/get-${k}/get-${k}.handler';
import { Get${N}HttpController } from './${k}/get-${k}/get-${k}.http.controller';
import { Open${N}GrpcController } from './${k}/open-${k}/open-${k}.grpc.controller';
import { Open${N}Handler } from './${k}/open-${k}/open-${k}.handler';
import { Open${N}HttpController } from './${k}/open-${k}/open-${k}.http.controller';
import type { ${N}Deps } from './shared/${k}-deps';

/** Every use case of the ${k} service, one handler each. */
export interface ${N}UseCases {
  readonly open${N}: Open${N}Handler;
  readonly get${N}: Get${N}Handler;
}

export function ${c}UseCases(deps: ${N}Deps): ${N}UseCases {
  return { open${N}: new Open${N}Handler(deps), get${N}: new Get${N}Handler(deps) };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function ${c}UseCaseProviders(useCases: ${N}UseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the ${k} service (the kit adds health and metrics). */
export const ${C}_CONTROLLERS: readonly Type[] = [Open${N}HttpController, Open${N}GrpcController, Get${N}HttpController, Get${N}GrpcController];
`,
    },
    {
      path: `${src}/${k}.service.ts`,
      content: `import type { Kafka } from 'kafkajs';
import type { PoolConfig } from 'pg';
import { Counter } from 'prom-client';
import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { TokenVerifier } from '@collections/shared-auth';
import { startIntegrationEventPublishing } from '@collections/shared-messaging';
import type { MasterKey } from '@collections/shared-pii';
import { CommandIdempotency, bootstrapService, type ListenAddress, type RunningService, type ServiceComposition, type ServiceInfrastructure } from '@collections/shared-service-kit';
import { ${C}_GRPC_PACKAGE, ${C}_INTEGRATION_EVENTS, ${C}_PROTO_PATH } from '@collections/${k}-contracts';
import { ${C}_CONTROLLERS, ${c}UseCaseProviders, ${c}UseCases, type ${N}UseCases } from './${k}.use-cases';
import type { ${N}Deps } from './shared/${k}-deps';
import { ${N}Writer } from './shared/${k}-writer';

export type ${N}Messaging =
  | { readonly kind: 'kafka'; readonly kafka: Kafka; readonly relay: boolean; readonly partitions?: number }
  /** Single process: other services read the log through event-store subscriptions. */
  | { readonly kind: 'embedded' };

export interface ${N}ServiceOptions {
  /** The service's database: event store, keys, idempotency. */
  readonly database: PoolConfig;
  readonly verifier: TokenVerifier;
  readonly masterKey: MasterKey;
  readonly messaging: ${N}Messaging;
  readonly http?: ListenAddress;
  /** \`false\`: no gRPC server. */
  readonly grpc?: ListenAddress | false;
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly logLevel?: string;
  /** Where the relay reports trouble (default: stderr). */
  readonly log?: (line: string) => void;
  /** Embedded mode: a pool of one connection (see ServiceKitOptions.poolSize). */
  readonly singleConnection?: boolean;
}

interface ${N}Composition extends ServiceComposition {
  readonly useCases: ${N}UseCases;
}

export interface ${N}Service {
  readonly running: RunningService<${N}Composition>;
  readonly useCases: ${N}UseCases;
  readonly store: SqlEventStore;
  readonly httpUrl: string;
  readonly grpcUrl: string | undefined;
  close(): Promise<void>;
}

/** The ${k} service on the service kit: what is specific to ${k} is composed here. */
export async function start${N}Service(options: ${N}ServiceOptions): Promise<${N}Service> {
  const running = await bootstrapService(
    {
      name: '${s}',
      database: options.database,
      poolSize: options.singleConnection ? 1 : 10,
      preparedStatements: !options.singleConnection,
      verifier: options.verifier,
      masterKey: options.masterKey,
      // its reads fold the streams; a read model comes with its SQL migrations here (the kit runs them)
      readModelMigrations: [],
      openApi: { title: '${N} service', description: 'The ${k} context of the collections platform. Errors are application/problem+json. Every write takes an Idempotency-Key header.' },
      grpcPackage: { package: ${C}_GRPC_PACKAGE, protoPath: ${C}_PROTO_PATH },
      ...(options.http ? { http: options.http } : {}),
      ...(options.grpc !== undefined ? { grpc: options.grpc } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.ids ? { ids: options.ids } : {}),
      ...(options.logLevel ? { logLevel: options.logLevel } : {}),
      ...(options.log ? { log: options.log } : {}),
    },
    (infrastructure) => compose${N}(infrastructure, options),
  );
  return {
    running,
    useCases: running.composition.useCases,
    store: running.store,
    httpUrl: running.httpUrl,
    grpcUrl: running.grpcUrl,
    close: () => running.close(),
  };
}

async function compose${N}(infrastructure: ServiceInfrastructure, options: ${N}ServiceOptions): Promise<${N}Composition> {
  const { store, idempotency, metrics, clock, ids, log } = infrastructure;
  const commands = new Counter({ name: 'collections_${s}_commands_total', help: 'Commands handled, by type and outcome', labelNames: ['command', 'outcome'], registers: [metrics] });
  const deps: ${N}Deps = { store, writer: new ${N}Writer(store, ids, commands), idempotency: new CommandIdempotency(idempotency), clock };
  const useCases = ${c}UseCases(deps);

  // The events table is the outbox: the relay publishes the integration events to Kafka.
  const publishing =
    options.messaging.kind === 'kafka'
      ? await startIntegrationEventPublishing({
          kafka: options.messaging.kafka,
          contracts: ${C}_INTEGRATION_EVENTS,
          partitions: options.messaging.partitions ?? 6,
          relay: options.messaging.relay,
          relayId: '${k}',
          store,
          lockConnection: options.database,
          log,
        })
      : undefined;

  return {
    useCases,
    controllers: ${C}_CONTROLLERS,
    providers: ${c}UseCaseProviders(useCases),
    async stop() {
      await publishing?.stop();
    },
  };
}
`,
    },
    {
      path: `${src}/${k}.e2e-spec.ts`,
      content: `import { credentials, loadPackageDefinition, Metadata, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { uuidV7Ids } from '@collections/shared-kernel';
import { startServiceForTest, type TestService } from '@collections/shared-service-kit-testing';
import { ${C}_PROTO_PATH } from '@collections/${k}-contracts';
import { start${N}Service, type ${N}Service } from './${k}.service';

type Unary = (request: object, metadata: Metadata, callback: (error: ServiceError | null, response: any) => void) => void;

describe('${k} service: REST and gRPC on a fresh PostgreSQL database', () => {
  let kit: TestService<${N}Service>;
  let client: Client & Record<string, Unary>;
  let token: string;

  beforeAll(async () => {
    kit = await startServiceForTest('${s}_e2e', (environment) =>
      start${N}Service({
        database: environment.database.config,
        verifier: environment.verifier,
        masterKey: environment.masterKey,
        messaging: { kind: 'embedded' },
        http: environment.http,
        grpc: environment.grpc,
        clock: environment.clock,
        ids: uuidV7Ids,
        logLevel: 'silent',
        log: () => undefined,
      }),
    );
    token = await kit.token('tenant-a', 'integrator');
    const definition = loadSync(${C}_PROTO_PATH, { keepCase: false, longs: Number, enums: String, defaults: true });
    const pkg = loadPackageDefinition(definition) as any;
    client = new pkg.collections.${s}.v1.${N}Service(kit.service.grpcUrl, credentials.createInsecure());
  });
  afterAll(async () => {
    client?.close();
    await kit?.close();
  });

  const call = (method: string, request: object, bearer = token): Promise<any> => {
    const metadata = new Metadata();
    metadata.set('authorization', \`Bearer \${bearer}\`);
    return new Promise((resolve, reject) => client[method]!(request, metadata, (error, response) => (error ? reject(error) : resolve(response))));
  };

  it('opens a ${N} over REST and reads it back over REST and gRPC', async () => {
    const opened = await kit.call('POST', '/${k}', { token, idempotencyKey: '${k}-e2e-0001', body: { title: '  First  ' } });
    expect(opened.status).toBe(201);
    expect(opened.body).toEqual({ ${c}Id: expect.any(String), title: 'First', status: 'open', openedAt: '2026-03-02T12:00:00.000Z', version: 1 });

    const read = await kit.call('GET', \`/${k}/\${opened.body.${c}Id}\`, { token });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(opened.body);

    expect(await call('Get${N}', { ${c}Id: opened.body.${c}Id })).toEqual({ ...opened.body, closedAt: '' });
  });

  it('opens over gRPC; the same Idempotency-Key and request answer the first result', async () => {
    const first = await call('Open${N}', { idempotencyKey: '${k}-e2e-0002', title: 'Second' });
    expect(first).toMatchObject({ title: 'Second', status: 'open', version: 1 });
    const again = await kit.call('POST', '/${k}', { token, idempotencyKey: '${k}-e2e-0002', body: { title: 'Second' } });
    expect(again.body.${c}Id).toBe(first.${c}Id);
  });

  it('answers invalid input 400, an unknown or another tenant’s id 404 (NOT_FOUND over gRPC), no token 401', async () => {
    const invalid = await kit.call('POST', '/${k}', { token, idempotencyKey: '${k}-e2e-0003', body: { title: '' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors).toEqual([expect.objectContaining({ field: 'title' })]);

    const opened = await kit.call('POST', '/${k}', { token, idempotencyKey: '${k}-e2e-0004', body: { title: 'Mine' } });
    const other = await kit.token('tenant-b', 'integrator');
    expect((await kit.call('GET', \`/${k}/\${opened.body.${c}Id}\`, { token: other })).status).toBe(404);
    expect((await kit.call('GET', '/${k}/not-a-uuid', { token })).status).toBe(404);
    await expect(call('Get${N}', { ${c}Id: '0192f6a0-0000-7000-8000-0000000000ff' })).rejects.toMatchObject({ code: status.NOT_FOUND });
    expect((await kit.call('GET', \`/${k}/\${opened.body.${c}Id}\`)).status).toBe(401);
  });
});
`,
    },
  ];
}
