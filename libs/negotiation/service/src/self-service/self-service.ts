import { createHash } from 'node:crypto';
import QRCode from 'qrcode';
import { NegotiationRuleViolation, type NegotiationRuleCode } from '@collections/negotiation-domain';
import { TenantId, ValidationError, epochDay, type IsoDate } from '@collections/shared-kernel';
import type { Principal } from '@collections/shared-auth';
import { done, notFound, type Outcome, type RequestContext } from '@collections/shared-service-kit';
import { selfServiceLinkDecider, type SelfServiceCommand, type SelfServiceEvent } from '@collections/negotiation-domain';
import type { NegotiationUseCases } from '../negotiation.use-cases';
import type { AgreementView } from '../agreements/agreement.view';
import type { OfferRequestOf } from '../offers/offer-request';
import type { OfferView } from '../offers/offer.view';
import { businessDate } from '../shared/business-date';
import type { NegotiationDeps } from '../shared/negotiation-deps';
import { metadataOf, plainCodec } from '../shared/negotiation-writer';
import type { DebtCard } from './self-service-pages';
import { SelfServiceTokens, type SelfServiceClaims } from './self-service-tokens';

export const selfServiceAggregate = { decider: selfServiceLinkDecider, codec: plainCodec<SelfServiceEvent>() };
export const selfServiceStream = (linkId: string): string => `self-service-${linkId}`;

export interface SelfServiceOptions {
  /** HS256 key of the links and sessions (at least 32 bytes); a deployment keeps it secret and stable. */
  readonly linkKey: Uint8Array;
  /** Where debtors reach this service (links point there), e.g. https://negociar.credor.com.br; a function when known only once listening. */
  readonly publicUrl: string | (() => string);
  /** How long a link may wait to be opened; 72 hours by default. */
  readonly linkTtlHours?: number;
  /** How long a session lasts once the link is opened; 30 minutes by default. */
  readonly sessionMinutes?: number;
}

/** A page's answer when something went wrong: its HTTP status, a title and what the debtor may do. */
export interface PageProblem {
  readonly status: number;
  readonly title: string;
  readonly message: string;
  /** The rule, when one refused (also in the page's text). */
  readonly code?: string;
}

export type Plan = 'avista' | 'parcelado';

export interface PlanChoice {
  readonly debtId: string;
  readonly plan: Plan;
  readonly installments: number;
}

/** What a debtor sees of a rule that refused a plan: in their words, not the code's. */
const IN_WORDS: Partial<Record<NegotiationRuleCode, string>> = {
  INSTALLMENTS_ABOVE_MAXIMUM: 'o número de parcelas passa do máximo permitido para esta dívida',
  INSTALLMENT_BELOW_MINIMUM: 'cada parcela ficaria abaixo do valor mínimo',
  DEBT_NOT_NEGOTIABLE: 'esta dívida não pode ser negociada agora',
  NO_POLICY_FOR_BUCKET: 'não há condições de negociação para esta dívida',
  NO_POLICY: 'o credor ainda não definiu condições de negociação',
  RENEGOTIATION_LIMIT_REACHED: 'esta dívida já teve acordos rompidos além do limite de renegociação',
};

export const INSTALLMENT_CHOICES: readonly number[] = [2, 3, 4, 5, 6, 8, 10, 12, 18, 24];
/** The first installment of a plan made on the page falls due a week after the day it is made. */
const FIRST_DUE_AFTER_DAYS = 7;

const dateAfter = (date: IsoDate, days: number): IsoDate => new Date((epochDay(date) + days) * 86_400_000).toISOString().slice(0, 10) as IsoDate;

/**
 * The debtor's self-service: a one-time signed link (issued by an agent, an integration or
 * the cadence) opens a short session in which the debtor sees the debts the link names
 * with their balance today, simulates plans within the policy (an agent's limits: nothing
 * a debtor does needs a supervisor), accepts one, and gets the PIX code of the first
 * installment once the payments context issued it. Every step is an event: the link's
 * (`self-service-<linkId>`: issued, opened, each simulation) and the offer's and
 * agreement's own, with the channel `self-service` and the actor `debtor:<debtorId>`.
 */
export class SelfService {
  readonly tokens: SelfServiceTokens;

  constructor(
    private readonly deps: NegotiationDeps,
    private readonly useCases: Pick<NegotiationUseCases, 'simulateOffer' | 'makeOffer' | 'acceptOffer' | 'getAgreement'>,
    readonly options: SelfServiceOptions,
  ) {
    this.tokens = new SelfServiceTokens(options.linkKey);
  }

  get sessionMinutes(): number {
    return this.options.sessionMinutes ?? 30;
  }

  publicUrl(): string {
    return typeof this.options.publicUrl === 'string' ? this.options.publicUrl : this.options.publicUrl();
  }

  now(): Date {
    return this.deps.clock.now();
  }

  /** Today in Brazil's calendar (balances and offers are as of it). */
  today(): IsoDate {
    return businessDate(this.deps.clock);
  }

  /** Issues a link for a debtor's debts (each must be the debtor's: any other answers as unknown). */
  issueLink(ctx: RequestContext, request: { readonly debtorId: string; readonly debtIds: readonly string[]; readonly ttlHours?: number }): Promise<Outcome<{ linkId: string; url: string; expiresAt: string }>> {
    return this.deps.idempotency.run(ctx, { type: 'IssueSelfServiceLink', target: request.debtorId, request }, async (attempt) => {
      const tenantId = ctx.principal.tenantId;
      const today = businessDate(this.deps.clock);
      for (const debtId of request.debtIds) {
        const debt = await this.deps.balances.debtAsOf(tenantId, debtId, today);
        if (!debt || debt.debtorId !== request.debtorId) return notFound(`debt ${debtId} not found`);
      }
      const now = this.deps.clock.now();
      const linkId = attempt.ids.next();
      const expiresAt = new Date(now.getTime() + (request.ttlHours ?? this.options.linkTtlHours ?? 72) * 3_600_000).toISOString();
      const data = { linkId, tenantId, debtorId: request.debtorId, debtIds: request.debtIds, expiresAt, issuedBy: ctx.principal.subject, issuedAt: now.toISOString() };
      await this.deps.store.transaction((tx) =>
        this.deps.writer.apply(selfServiceAggregate, selfServiceStream(linkId), { type: 'IssueSelfServiceLink', data }, { tenantId, transaction: tx, metadata: metadataOf(ctx), nextEventId: () => attempt.ids.next() }),
      );
      const token = await this.tokens.link({ tenantId, debtorId: request.debtorId, linkId, debtIds: request.debtIds, expiresAt });
      return done({ linkId, url: `${this.publicUrl().replace(/\/$/, '')}/autoatendimento/entrar?t=${token}`, expiresAt });
    });
  }

  /** Opens the session of a link, once: the session token, or why not. */
  async open(token: unknown): Promise<{ readonly kind: 'session'; readonly token: string; readonly claims: SelfServiceClaims } | { readonly kind: 'problem'; readonly problem: PageProblem }> {
    if (typeof token !== 'string' || token === '') return { kind: 'problem', problem: { status: 400, title: 'Link inválido', message: 'Este endereço não traz um link de autoatendimento. Use o link que recebeu.' } };
    const now = this.deps.clock.now();
    const checked = await this.tokens.checkLink(token, now);
    if (checked.kind === 'expired') return { kind: 'problem', problem: { status: 410, title: 'Link expirado', code: 'SELF_SERVICE_LINK_EXPIRED', message: 'Este link expirou (SELF_SERVICE_LINK_EXPIRED). Peça um novo link ao credor.' } };
    if (checked.kind === 'invalid') return { kind: 'problem', problem: { status: 400, title: 'Link inválido', message: 'Este link não é válido. Confira se o copiou inteiro, ou peça um novo.' } };
    const claims = checked.claims;
    try {
      await this.record(claims, { type: 'OpenSelfServiceSession', linkId: claims.linkId, now: now.toISOString() });
    } catch (error) {
      if (!(error instanceof NegotiationRuleViolation)) throw error;
      const status = error.code === 'SELF_SERVICE_LINK_EXPIRED' ? 410 : error.code === 'SELF_SERVICE_LINK_ALREADY_USED' ? 409 : 400;
      const message =
        error.code === 'SELF_SERVICE_LINK_ALREADY_USED'
          ? 'Este link já foi usado e vale uma vez só (SELF_SERVICE_LINK_ALREADY_USED). Peça um novo link ao credor.'
          : `Este link não pode ser usado (${error.code}). Peça um novo link ao credor.`;
      return { kind: 'problem', problem: { status, title: 'Link já utilizado', code: error.code, message } };
    }
    const session = { ...claims, expiresAt: new Date(now.getTime() + this.sessionMinutes * 60_000).toISOString() };
    return { kind: 'session', token: await this.tokens.session(session), claims: session };
  }

  /** The debts the session may see, with their balance today as the debtors context computes it. */
  async debts(claims: SelfServiceClaims): Promise<DebtCard[]> {
    const today = businessDate(this.deps.clock);
    const cards: DebtCard[] = [];
    for (const debtId of claims.debtIds) {
      const debt = await this.deps.balances.debtAsOf(TenantId.parse(claims.tenantId), debtId, today);
      if (!debt || debt.debtorId !== claims.debtorId) continue;
      const negotiable = debt.status === 'open' || debt.status === 'overdue';
      const status = debt.status === 'in_agreement' ? 'Esta dívida já está em um acordo.' : debt.status === 'settled' ? 'Esta dívida está quitada.' : 'Esta dívida não pode ser negociada agora.';
      cards.push({ debtId, reference: debtId.slice(0, 8).toUpperCase(), negotiable, status, balance: debt.balance.totalDue, daysPastDue: debt.balance.daysPastDue });
    }
    return cards;
  }

  /** A plan tried on the page: computed exactly as an agent's simulation, recorded on the link's stream. */
  async simulate(claims: SelfServiceClaims, choice: PlanChoice): Promise<{ readonly kind: 'offer'; readonly offer: OfferView } | { readonly kind: 'refused'; readonly message: string; readonly code: string }> {
    const result = await this.useCases.simulateOffer.execute({ principal: this.principal(claims) }, this.offerRequest(choice));
    const now = this.deps.clock.now().toISOString();
    const plan = choice.plan === 'avista' ? 'cash' : 'installments';
    if (result.kind === 'done') {
      await this.record(claims, { type: 'RecordSelfServiceSimulation', data: { linkId: claims.linkId, debtId: choice.debtId, plan, installments: result.value.terms.schedule.length, outcome: { kind: 'offered', total: result.value.terms.total }, simulatedAt: now } });
      return { kind: 'offer', offer: result.value };
    }
    const code = result.kind === 'refused' ? result.code : 'NOT_FOUND';
    await this.record(claims, { type: 'RecordSelfServiceSimulation', data: { linkId: claims.linkId, debtId: choice.debtId, plan, installments: choice.plan === 'avista' ? 1 : choice.installments, outcome: { kind: 'refused', code }, simulatedAt: now } });
    const words = result.kind === 'refused' ? (IN_WORDS[result.code as NegotiationRuleCode] ?? 'este plano está fora das condições do credor') : 'dívida não encontrada';
    return { kind: 'refused', code, message: `Não foi possível: ${words} (${code}). Tente outro plano.` };
  }

  /**
   * Makes the offer and accepts it, both on the self-service channel. The idempotency key
   * is the choice itself, on this link and this day: the same form sent twice (a double
   * click, a reload) makes one offer and one agreement.
   */
  async accept(claims: SelfServiceClaims, choice: PlanChoice): Promise<{ readonly kind: 'agreement'; readonly agreementId: string } | { readonly kind: 'problem'; readonly problem: PageProblem }> {
    const today = businessDate(this.deps.clock);
    const key = createHash('sha256').update(JSON.stringify([claims.linkId, choice.debtId, choice.plan, choice.installments, today])).digest('hex');
    const principal = this.principal(claims);
    const made = await this.useCases.makeOffer.execute({ principal, idempotencyKey: `self-service-offer-${key}` }, this.offerRequest(choice));
    if (made.kind !== 'done') return { kind: 'problem', problem: this.refusal(made) };
    if (made.value.status !== 'open' || !made.value.offerId) return { kind: 'problem', problem: { status: 422, title: 'Plano indisponível', message: 'Este plano precisa da aprovação de um atendente. Escolha outro plano ou fale com o credor.' } };
    const accepted = await this.useCases.acceptOffer.execute({ principal, idempotencyKey: `self-service-accept-${made.value.offerId}` }, made.value.offerId, 'self-service');
    if (accepted.kind !== 'done') return { kind: 'problem', problem: this.refusal(accepted) };
    return { kind: 'agreement', agreementId: accepted.value.agreementId };
  }

  /** The debtor's own agreement (another's answers as unknown), with the first unpaid installment's charge and its QR code. */
  async agreement(claims: SelfServiceClaims, agreementId: string): Promise<{ readonly agreement: AgreementView; readonly qrSvg: string | null } | undefined> {
    const found = await this.useCases.getAgreement.execute({ principal: this.principal(claims) }, agreementId);
    if (found.kind !== 'done' || found.value.debtorId !== claims.debtorId) return undefined;
    const first = found.value.installments.find((i) => i.remaining.amount > 0) ?? found.value.installments[0];
    const charge = first?.charge ?? null;
    const qrSvg = charge ? await QRCode.toString(charge.pixCopyPaste, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }) : null;
    return { agreement: found.value, qrSvg };
  }

  /** The page's form, checked: the debt must be one the link names (any other answers as unknown). */
  parseChoice(claims: SelfServiceClaims, form: unknown): PlanChoice {
    const body = (typeof form === 'object' && form !== null ? form : {}) as Record<string, unknown>;
    const debtId = typeof body['debtId'] === 'string' ? body['debtId'].toLowerCase() : '';
    if (!claims.debtIds.includes(debtId)) throw ValidationError.of('debtId', 'is not one of the debts this link shows');
    const plan = body['plano'];
    if (plan !== 'avista' && plan !== 'parcelado') throw ValidationError.of('plano', 'must be avista or parcelado');
    if (plan === 'avista') return { debtId, plan, installments: 1 };
    const count = typeof body['parcelas'] === 'string' && /^\d{1,3}$/.test(body['parcelas']) ? Number(body['parcelas']) : NaN;
    if (!Number.isInteger(count) || count < 2 || count > 120) throw ValidationError.of('parcelas', 'must be a whole number from 2 to 120');
    return { debtId, plan, installments: count };
  }

  private offerRequest(choice: PlanChoice): OfferRequestOf {
    const today = businessDate(this.deps.clock);
    const request: OfferRequestOf['request'] =
      choice.plan === 'avista' ? { kind: 'cash' } : { kind: 'installments', count: choice.installments, firstDueDate: dateAfter(today, FIRST_DUE_AFTER_DAYS) };
    return { debtId: choice.debtId, request, overIndebted: false };
  }

  /** The debtor as the use cases see them: an agent's limits, the actor `debtor:<id>`, the link's tenant. */
  private principal(claims: SelfServiceClaims): Principal {
    return { subject: `debtor:${claims.debtorId}`, tenantId: TenantId.parse(claims.tenantId), roles: [] };
  }

  private refusal(outcome: Exclude<Outcome<unknown>, { kind: 'done' }>): PageProblem {
    if (outcome.kind === 'not-found') return { status: 404, title: 'Não encontrado', message: 'Não encontramos esta dívida ou este acordo.' };
    const words = IN_WORDS[outcome.code as NegotiationRuleCode];
    return { status: outcome.code === 'OFFER_ALREADY_ACCEPTED' ? 409 : 422, title: 'Não foi possível', code: outcome.code, message: `Não foi possível concluir: ${words ?? outcome.detail} (${outcome.code}).` };
  }

  private async record(claims: SelfServiceClaims, command: SelfServiceCommand): Promise<void> {
    const tenantId = TenantId.parse(claims.tenantId);
    await this.deps.store.transaction((tx) =>
      this.deps.writer.apply(selfServiceAggregate, selfServiceStream(claims.linkId), command, {
        tenantId,
        transaction: tx,
        metadata: { actor: `debtor:${claims.debtorId}` },
        nextEventId: () => this.deps.ids.next(),
      }),
    );
  }
}
