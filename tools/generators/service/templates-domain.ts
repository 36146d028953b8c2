import type { ContextNames } from './names';

/** A generated file: its path from the workspace root and its text. */
export interface GeneratedFile {
  readonly path: string;
  readonly content: string;
}

export const projectJson = (n: ContextNames, layer: string, tags: readonly string[]): string =>
  `${JSON.stringify(
    {
      name: `${n.kebab}-${layer}`,
      $schema: '../../../node_modules/nx/schemas/project-schema.json',
      sourceRoot: `libs/${n.kebab}/${layer}/src`,
      projectType: 'library',
      tags,
      targets: { test: { command: `jest --selectProjects ${n.kebab}-${layer}`, options: { cwd: '{workspaceRoot}' } } },
    },
    null,
    2,
  )}\n`;

export const jestConfig = (n: ContextNames, layer: string): string =>
  `/** @type {import('jest').Config} */
module.exports = { ...require('../../../jest.preset.cjs'), displayName: '${n.kebab}-${layer}', rootDir: __dirname };
`;

/** libs/<name>/domain: one aggregate, a pair of commands, past-tense events, a pure decider and its spec. */
export function domainFiles(n: ContextNames): GeneratedFile[] {
  const { kebab: k, pascal: N, camel: c, constant: C } = n;
  const root = `libs/${k}/domain`;
  return [
    { path: `${root}/project.json`, content: projectJson(n, 'domain', [`scope:${k}`, 'type:domain']) },
    { path: `${root}/jest.config.cjs`, content: jestConfig(n, 'domain') },
    {
      path: `${root}/src/index.ts`,
      content: `export * from './${k}-rule-code';
export * from './${k}.commands';
export * from './${k}.events';
export * from './${k}.decider';
`,
    },
    {
      path: `${root}/src/${k}-rule-code.ts`,
      content: `import { DomainRuleViolation } from '@collections/shared-kernel';

/** The rules of the ${k} context a command can break (see DomainRuleViolation). */
export type ${N}RuleCode = '${C}_ALREADY_OPENED' | '${C}_NOT_OPENED' | '${C}_ALREADY_CLOSED';

/** A refusal of the ${k} context: the code is checked against the list above. */
export class ${N}RuleViolation extends DomainRuleViolation<${N}RuleCode> {}
`,
    },
    {
      path: `${root}/src/${k}.commands.ts`,
      content: `import type { IsoInstant } from '@collections/shared-kernel';

// Commands are typed: every field was parsed where it entered the service (the request
// parser, a consumer), so the decider checks only invariants, never input format. Time
// and the actor arrive inside the command: the decider reads no clock and no session.

declare const ${c}IdBrand: unique symbol;
/** A ${N}'s id: a UUID, lower case, checked once where it enters the service. */
export type ${N}Id = string & { readonly [${c}IdBrand]: true };

/** Opens a ${N}. */
export interface Open${N} {
  readonly type: 'Open${N}';
  readonly ${c}Id: ${N}Id;
  /** Trimmed, 1-200 characters. */
  readonly title: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

/** Closes an open ${N}, saying why. */
export interface Close${N} {
  readonly type: 'Close${N}';
  readonly ${c}Id: ${N}Id;
  /** Trimmed, 1-500 characters. */
  readonly reason: string;
  readonly now: IsoInstant;
  readonly actor: string;
}

export type ${N}Command = Open${N} | Close${N};
`,
    },
    {
      path: `${root}/src/${k}.events.ts`,
      content: `import type { IsoInstant } from '@collections/shared-kernel';

// Domain events: facts in the past tense, stored in the ${k} streams. What other contexts
// see is the integration events of @collections/${k}-contracts, never these.

export interface ${N}Opened {
  readonly type: '${N}Opened';
  readonly data: { readonly ${c}Id: string; readonly title: string; readonly openedAt: IsoInstant; readonly openedBy: string };
}

export interface ${N}Closed {
  readonly type: '${N}Closed';
  readonly data: { readonly ${c}Id: string; readonly reason: string; readonly closedAt: IsoInstant; readonly closedBy: string };
}

export type ${N}Event = ${N}Opened | ${N}Closed;
`,
    },
    {
      path: `${root}/src/${k}.decider.ts`,
      content: `import { assertNever, type Decider, type IsoInstant } from '@collections/shared-kernel';
import { ${N}RuleViolation } from './${k}-rule-code';
import type { Close${N}, Open${N}, ${N}Command } from './${k}.commands';
import type { ${N}Event } from './${k}.events';

export type ${N}State =
  | { readonly status: 'none' }
  | { readonly status: 'open'; readonly ${c}Id: string; readonly title: string; readonly openedAt: IsoInstant }
  | {
      readonly status: 'closed';
      readonly ${c}Id: string;
      readonly title: string;
      readonly openedAt: IsoInstant;
      readonly closedAt: IsoInstant;
      readonly reason: string;
    };

// The command's fields are typed values: what is checked here is the ${N}'s invariants
// (opened once, closed once, only when open), never the format of its input.
function decide(command: ${N}Command, state: ${N}State): readonly ${N}Event[] {
  switch (command.type) {
    case 'Open${N}':
      return open(command, state);
    case 'Close${N}':
      return close(command, state);
    default:
      return assertNever(command, '${k} command');
  }
}

function open(command: Open${N}, state: ${N}State): readonly ${N}Event[] {
  if (state.status !== 'none') throw new ${N}RuleViolation('${C}_ALREADY_OPENED', \`${k} \${command.${c}Id} is already opened\`);
  return [{ type: '${N}Opened', data: { ${c}Id: command.${c}Id, title: command.title, openedAt: command.now, openedBy: command.actor } }];
}

function close(command: Close${N}, state: ${N}State): readonly ${N}Event[] {
  switch (state.status) {
    case 'none':
      throw new ${N}RuleViolation('${C}_NOT_OPENED', \`${k} \${command.${c}Id} was never opened\`);
    case 'closed':
      throw new ${N}RuleViolation('${C}_ALREADY_CLOSED', \`${k} \${state.${c}Id} is already closed\`);
    case 'open': {
      return [{ type: '${N}Closed', data: { ${c}Id: state.${c}Id, reason: command.reason, closedAt: command.now, closedBy: command.actor } }];
    }
    default:
      return assertNever(state, '${k} state');
  }
}

function evolve(state: ${N}State, event: ${N}Event): ${N}State {
  switch (event.type) {
    case '${N}Opened':
      return { status: 'open', ${c}Id: event.data.${c}Id, title: event.data.title, openedAt: event.data.openedAt };
    case '${N}Closed':
      // only an open one is ever closed (decide refuses the rest): the history is trusted as it is
      return state.status === 'open' ? { ...state, status: 'closed', closedAt: event.data.closedAt, reason: event.data.reason } : state;
    default:
      return assertNever(event, '${k} event');
  }
}

/** The whole behaviour of a ${N}: pure, tested given/when/then without any infrastructure. */
export const ${c}Decider: Decider<${N}State, ${N}Command, ${N}Event> = {
  decide,
  evolve,
  initialState: () => ({ status: 'none' }),
};
`,
    },
    {
      path: `${root}/src/${k}.decider.spec.ts`,
      content: `import { fold } from '@collections/shared-kernel';
import { DeciderSpecification } from '@collections/shared-testing';
import { ${N}RuleViolation } from './${k}-rule-code';
import type { Close${N}, Open${N}, ${N}Id } from './${k}.commands';
import { ${c}Decider } from './${k}.decider';
import type { ${N}Closed, ${N}Opened } from './${k}.events';

const spec = DeciderSpecification.for(${c}Decider);
const ID = '0192f6a0-0000-7000-8000-0000000000a1' as ${N}Id; // as the request parser gives it
const ACTOR = 'user-integrator@tenant-a';
const OPENED_AT = '2026-03-02T12:00:00.000Z';
const CLOSED_AT = '2026-03-05T09:30:00.000Z';

const open: Open${N} = { type: 'Open${N}', ${c}Id: ID, title: 'First', now: OPENED_AT, actor: ACTOR };
const close: Close${N} = { type: 'Close${N}', ${c}Id: ID, reason: 'done', now: CLOSED_AT, actor: ACTOR };
const opened: ${N}Opened = { type: '${N}Opened', data: { ${c}Id: ID, title: 'First', openedAt: OPENED_AT, openedBy: ACTOR } };
const closed: ${N}Closed = { type: '${N}Closed', data: { ${c}Id: ID, reason: 'done', closedAt: CLOSED_AT, closedBy: ACTOR } };

describe('${N} decider', () => {
  it('opens a ${N} never opened', () => {
    spec.given([]).when(open).then([opened]);
  });

  it('refuses to open the same ${N} twice', () => {
    expect(spec.given([opened]).when(open).thenThrows(${N}RuleViolation).code).toBe('${C}_ALREADY_OPENED');
  });

  it('closes an open ${N}', () => {
    spec.given([opened]).when(close).then([closed]);
    expect(fold(${c}Decider, [opened, closed])).toEqual({ status: 'closed', ${c}Id: ID, title: 'First', openedAt: OPENED_AT, closedAt: CLOSED_AT, reason: 'done' });
  });

  it('refuses to close a ${N} never opened', () => {
    expect(spec.given([]).when(close).thenThrows(${N}RuleViolation).code).toBe('${C}_NOT_OPENED');
  });

  it('refuses to close it twice', () => {
    expect(spec.given([opened, closed]).when(close).thenThrows(${N}RuleViolation).code).toBe('${C}_ALREADY_CLOSED');
  });
});
`,
    },
  ];
}
