import type { Counter } from 'prom-client';
import { StreamTenantMismatchError, WrongExpectedVersionError, handleCommand, type CommandOutcome, type EventMetadata, type SqlEventStore, type StoreTransaction } from '@collections/shared-event-store';
import { TenantId, ValidationError, type IdGenerator } from '@collections/shared-kernel';
import { SubjectTenantMismatchError } from '@collections/shared-pii';
import type { RequestContext } from '@collections/shared-service-kit';
import {
  debtDecider,
  debtorDecider,
  type DebtCommand,
  type DebtEvent,
  type DebtState,
  type DebtorCommand,
  type DebtorEvent,
  type DebtorState,
  type RegisterDebtor,
  DebtorsRuleViolation,
  type DebtorsRuleCode,
} from '@collections/debtors-domain';
import { debtEventCodec, debtorEventCodec } from './debtor-event.codec';
import { debtStream, debtorStream, type DebtId, type DebtorId } from './ids';
import type { Outcome } from './outcome';
import type { PersonalDataProtector } from './personal-data';
import type { TaxIdClaims } from './tax-id-claims';

/** Refusals that mean "no such resource" to the caller (another tenant's ids included). */
const NOT_FOUND_CODES: ReadonlySet<DebtorsRuleCode> = new Set(['DEBT_NOT_REGISTERED', 'DEBTOR_NOT_REGISTERED', 'CONTACT_POINT_NOT_FOUND']);

/**
 * The debtors' side of the one write path: a command to a debtor's or a debt's stream
 * through `handleCommand` (read, fold, decide, append with the version read), counted by
 * type and outcome. A decider's refusal becomes an Outcome; the state and events the
 * write path returns are what the handlers build their answers from.
 */
export class DebtorsWriter {
  readonly debtorCodec;
  readonly debtCodec;

  constructor(
    private readonly store: SqlEventStore,
    private readonly protector: PersonalDataProtector,
    private readonly ids: IdGenerator,
    private readonly claims: TaxIdClaims,
    private readonly commandCounter?: Counter<'command' | 'outcome'>,
  ) {
    this.debtorCodec = debtorEventCodec(protector);
    this.debtCodec = debtEventCodec(protector, store);
  }

  /** Any debtor command but RegisterDebtor (see `registerDebtor`). */
  debtor(ctx: RequestContext, debtorId: DebtorId, command: Exclude<DebtorCommand, RegisterDebtor>): Promise<Outcome<CommandOutcome<DebtorState, DebtorEvent>>> {
    return this.run(command.type, () => handleCommand(this.store, debtorDecider, this.debtorCodec, debtorStream(debtorId), command, this.commandContext(ctx)), debtorId);
  }

  /**
   * RegisterDebtor, with the debtor's tax id claimed in the same transaction as its
   * first events: a tax id another debtor of the tenant holds is refused as that
   * debtor's registration would be ("already registered", naming it: it is this
   * tenant's own debtor), and nothing of the refused registration commits (events,
   * personal-data key, claim). A retry of a registration that committed finds its own
   * claim.
   */
  registerDebtor(ctx: RequestContext, debtorId: DebtorId, command: RegisterDebtor): Promise<Outcome<CommandOutcome<DebtorState, DebtorEvent>>> {
    const tenantId = ctx.principal.tenantId;
    return this.run(
      command.type,
      () =>
        this.store.transaction(async (transaction) => {
          const codec = debtorEventCodec(this.protector, transaction);
          const outcome = await handleCommand(this.store, debtorDecider, codec, debtorStream(debtorId), command, this.commandContext(ctx, transaction));
          // decided (a registration the debtor refuses claims nothing) before it is claimed
          const index = this.claims.indexOf(tenantId, command.taxId.value);
          const holder = (await this.claims.claim(transaction, tenantId, new Map([[index, debtorId]]))).get(index);
          if (holder !== debtorId) throw new DebtorsRuleViolation('DEBTOR_ALREADY_REGISTERED', `debtor ${holder ?? ''} is already registered with this CPF/CNPJ`);
          return outcome;
        }),
      debtorId,
    );
  }

  debt(ctx: RequestContext, debtId: DebtId, command: DebtCommand): Promise<Outcome<CommandOutcome<DebtState, DebtEvent>>> {
    return this.run(command.type, () => handleCommand(this.store, debtDecider, this.debtCodec, debtStream(debtId), command, this.commandContext(ctx)), debtId);
  }

  /** Counts a command handled outside `debtor`/`debt` (the import's batches). */
  count(command: string, outcome: 'accepted' | 'refused' | 'invalid' | 'conflict' | 'failed'): void {
    this.commandCounter?.inc({ command, outcome });
  }

  private async run<T>(command: string, work: () => Promise<T>, targetId: string): Promise<Outcome<T>> {
    try {
      const value = await work();
      this.count(command, 'accepted');
      return { kind: 'done', value };
    } catch (error) {
      // A client-chosen id another tenant already uses: the stream (or the subject's key)
      // belongs to that tenant. Answered exactly as if this tenant had used the id itself,
      // so no tenant learns which ids another one uses.
      const taken = error instanceof StreamTenantMismatchError || error instanceof SubjectTenantMismatchError;
      if (taken && (command === 'RegisterDebtor' || command === 'RegisterDebt')) {
        this.count(command, 'refused');
        const resource = command === 'RegisterDebtor' ? 'debtor' : 'debt';
        const code: DebtorsRuleCode = command === 'RegisterDebtor' ? 'DEBTOR_ALREADY_REGISTERED' : 'DEBT_ALREADY_REGISTERED';
        // the very refusal the decider gives when the id is this tenant's own
        return { kind: 'refused', code, detail: new DebtorsRuleViolation(code, `${resource} ${targetId} is already registered`).message };
      }
      if (error instanceof DebtorsRuleViolation) {
        this.count(command, 'refused');
        return NOT_FOUND_CODES.has(error.code) ? { kind: 'not-found', detail: error.message } : { kind: 'refused', code: error.code, detail: error.message };
      }
      this.count(command, error instanceof ValidationError ? 'invalid' : error instanceof WrongExpectedVersionError ? 'conflict' : 'failed');
      throw error;
    }
  }

  private commandContext(ctx: RequestContext, transaction?: StoreTransaction) {
    const metadata: EventMetadata = {
      actor: ctx.principal.subject,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      ...(ctx.traceparent ? { traceparent: ctx.traceparent } : {}),
    };
    // an idempotent request's attempt brings its own (derived) ids: a retry appends the same event ids
    const ids = ctx.ids ?? this.ids;
    return { tenantId: TenantId.parse(ctx.principal.tenantId), metadata, nextEventId: () => ids.next(), ...(transaction ? { transaction } : {}) };
  }
}
