import { ValidationError, assertNever, type Decider, type FieldViolation, type IsoInstant } from '@collections/shared-kernel';

/**
 * What a step of a collection call does. The order matters for the law: the debt may be
 * disclosed only to the debtor (CDC art. 42: no exposure to ridicule or embarrassment; art.
 * 71: no disclosure to third parties), so the right party is identified first; the caller
 * names the creditor (CDC art. 42-A); then the debt and the offer.
 */
export const CALL_SCRIPT_STEP_KINDS = ['identify-right-party', 'state-creditor', 'disclose-debt', 'offer', 'other'] as const;
export type CallScriptStepKind = (typeof CALL_SCRIPT_STEP_KINDS)[number];

/** Steps that tell the person on the line something about the debt: only after the right party is identified. */
export const DISCLOSING_STEP_KINDS: ReadonlySet<CallScriptStepKind> = new Set(['state-creditor', 'disclose-debt', 'offer']);

export interface CallScriptStep {
  /** Short, stable within a version: the agent reports the steps done by these ids. */
  readonly id: string;
  /** What the agent says or does, in Portuguese. */
  readonly text: string;
  readonly kind: CallScriptStepKind;
}

/** The script an agent was served: its segment and version (0: the platform's default, the tenant has none). */
export interface ServedCallScript {
  readonly segment: string;
  readonly version: number;
}

export interface CallScriptPublished {
  readonly type: 'CallScriptPublished';
  readonly data: {
    readonly segment: string;
    readonly version: number;
    readonly steps: readonly CallScriptStep[];
    readonly publishedAt: IsoInstant;
    readonly publishedBy: string;
  };
}
export type CallScriptEvent = CallScriptPublished;

export interface PublishCallScript {
  readonly type: 'PublishCallScript';
  readonly segment: string;
  readonly steps: readonly CallScriptStep[];
  readonly now: IsoInstant;
  readonly actor: string;
}
export type CallScriptCommand = PublishCallScript;

export interface CallScriptVersion {
  readonly version: number;
  readonly steps: readonly CallScriptStep[];
  readonly publishedAt: IsoInstant;
}
/** Every version stays: a task served version 2 is completed against version 2's step ids. */
export type CallScriptState = { readonly segment: string | null; readonly versions: readonly CallScriptVersion[] };

/**
 * The script served when a tenant has none for the segment (version 0). It follows the
 * order the rules ask for: identify, then name the creditor, then the debt, then the offer.
 */
export const DEFAULT_CALL_SCRIPT_STEPS: readonly CallScriptStep[] = [
  {
    id: 'identificar',
    kind: 'identify-right-party',
    text: 'Cumprimente e pergunte se fala com o titular, pelo nome completo; confirme com os três primeiros dígitos do CPF. Se não for o titular, não diga do que se trata: pergunte o melhor horário para falar com ele e encerre.',
  },
  { id: 'credor', kind: 'state-creditor', text: 'Diga seu nome e que fala em nome do credor: a razão social e o CNPJ dele.' },
  { id: 'debito', kind: 'disclose-debt', text: 'Informe o contrato em aberto, o vencimento e o valor atualizado hoje.' },
  { id: 'oferta', kind: 'offer', text: 'Ofereça o pagamento: uma promessa até uma data próxima (no máximo 30 dias) ou uma proposta de acordo.' },
  { id: 'encerramento', kind: 'other', text: 'Repita o combinado, informe os canais de pagamento e agradeça.' },
];

export const MAX_CALL_SCRIPT_STEPS = 30;
const STEP_ID = /^[a-z0-9][a-z0-9_-]{0,39}$/;

/** The rules of a script's steps, each violation naming its field. */
export function checkCallScriptSteps(steps: readonly CallScriptStep[]): void {
  const violations: FieldViolation[] = [];
  if (steps.length === 0 || steps.length > MAX_CALL_SCRIPT_STEPS) violations.push({ field: 'steps', message: `must have from 1 to ${MAX_CALL_SCRIPT_STEPS} steps` });
  const seen = new Set<string>();
  steps.forEach((step, i) => {
    if (!STEP_ID.test(step.id)) violations.push({ field: `steps[${i}].id`, message: 'must be 1-40 lower-case letters, digits, - or _' });
    else if (seen.has(step.id)) violations.push({ field: `steps[${i}].id`, message: `repeats the id ${step.id}` });
    seen.add(step.id);
    if (step.text.trim().length === 0) violations.push({ field: `steps[${i}].text`, message: 'must not be empty' });
  });
  if (steps.length > 0 && steps[0]?.kind !== 'identify-right-party') {
    violations.push({ field: 'steps[0].kind', message: 'must be identify-right-party: the right party is identified before anything about the debt is said (no disclosure to third parties)' });
  }
  if (steps.length > 0 && !steps.some((s) => s.kind === 'state-creditor')) {
    violations.push({ field: 'steps', message: 'must contain a state-creditor step: the caller names the creditor (CDC art. 42-A)' });
  }
  if (violations.length > 0) throw new ValidationError(violations);
}

function decide(command: CallScriptCommand, state: CallScriptState): readonly CallScriptEvent[] {
  switch (command.type) {
    case 'PublishCallScript': {
      checkCallScriptSteps(command.steps);
      const version = (state.versions.at(-1)?.version ?? 0) + 1;
      return [{ type: 'CallScriptPublished', data: { segment: command.segment, version, steps: command.steps, publishedAt: command.now, publishedBy: command.actor } }];
    }
    default:
      return assertNever(command.type, 'call script command');
  }
}

function evolve(state: CallScriptState, event: CallScriptEvent): CallScriptState {
  switch (event.type) {
    case 'CallScriptPublished':
      return { segment: event.data.segment, versions: [...state.versions, { version: event.data.version, steps: event.data.steps, publishedAt: event.data.publishedAt }] };
    default:
      return assertNever(event.type, 'call script event');
  }
}

/**
 * A tenant's call script for a segment (stream `callscript-<id of tenant and segment>`):
 * each publication is a new version; earlier versions stay readable, since a task taken
 * under one is completed against its step ids.
 */
export const callScriptDecider: Decider<CallScriptState, CallScriptCommand, CallScriptEvent> = {
  decide,
  evolve,
  initialState: () => ({ segment: null, versions: [] }),
};

/** A version of the segment's script; 0 (or none published): the default. undefined: no such version. */
export function callScriptVersion(state: CallScriptState, version: number): CallScriptVersion | undefined {
  if (version === 0) return { version: 0, steps: DEFAULT_CALL_SCRIPT_STEPS, publishedAt: '1970-01-01T00:00:00.000Z' as IsoInstant };
  return state.versions.find((v) => v.version === version);
}

/** The version served now: the latest published, or the default (version 0). */
export function currentCallScript(state: CallScriptState): CallScriptVersion {
  return state.versions.at(-1) ?? (callScriptVersion(state, 0) as CallScriptVersion);
}

/** The outcomes that say the agent spoke with the debtor about the debt: they need the right party identified. */
export const RIGHT_PARTY_OUTCOMES: ReadonlySet<string> = new Set(['right-party-contact', 'promise-to-pay']);
