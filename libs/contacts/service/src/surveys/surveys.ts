import { createHash, createHmac } from 'node:crypto';
import { nameBasedUuid, type Clock, type IsoInstant } from '@collections/shared-kernel';
import type { SqlEventStore, StoreTransaction } from '@collections/shared-event-store';
import type { MasterKey } from '@collections/shared-pii';
import { ChannelError } from '@collections/contacts-channels';
import {
  RIGHT_PARTY_OUTCOMES,
  SURVEY_SEND_WINDOW_HOURS,
  evaluateContact,
  parseContactProfile,
  satisfactionSurveyDecider,
  type CallOutcome,
  type FrequencyCaps,
  type RuleReference,
  type SatisfactionSurveyCommand,
  type SatisfactionSurveyEvent,
  type SurveyChannel,
} from '@collections/contacts-domain';
import { DirectoryUnavailableError, type DebtorDirectory, type DirectoryDebtor } from '../ports/debtor-directory';
import type { AddressIndex } from '../shared/address-index';
import { plainCodec, type ContactsWriter } from '../shared/contacts-writer';
import { contactPointFor, pastContacts, type ContactSenders } from '../dunning/dunning-scheduler';

export const surveyAggregate = { decider: satisfactionSurveyDecider, codec: plainCodec<SatisfactionSurveyEvent>() };
export const surveyStream = (surveyId: string): string => `survey-${surveyId}`;
/** One survey per call: a retried completion asks for the same one. */
export const surveyIdOf = (taskId: string): string => nameBasedUuid('contacts.survey', taskId);

const SYSTEM = 'system:contacts-surveys';

/**
 * A survey's one-time answer token: an HMAC of the tenant and the survey under a key derived
 * from the master key, so it is never stored (only its SHA-256, to find the survey) and
 * cannot be guessed. Whoever holds it may answer, once: the link is the capability.
 */
export class SurveyTokens {
  private constructor(private readonly key: Buffer) {}

  static from(masterKey: MasterKey): SurveyTokens {
    return new SurveyTokens(masterKey.deriveKey('contacts-survey-token'));
  }

  tokenOf(tenantId: string, surveyId: string): string {
    return createHmac('sha256', this.key).update(`${tenantId}\u0000${surveyId}`).digest('base64url');
  }

  static hashOf(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}

/** A token in a path: 43 base64url characters (an HMAC-SHA-256); anything else names no survey. */
export const SURVEY_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface SurveySettings {
  readonly enabled: boolean;
  readonly channel: SurveyChannel;
}

export async function surveySettingsOf(db: Pick<StoreTransaction, 'query'>, tenantId: string): Promise<SurveySettings> {
  const [row] = await db.query<{ enabled: boolean; channel: SurveyChannel }>('SELECT enabled, channel FROM contacts_survey_settings WHERE tenant_id = $1', [tenantId]);
  return row ? { enabled: row.enabled, channel: row.channel } : { enabled: false, channel: 'sms' };
}

/**
 * After a call that reached the debtor, in the completion's transaction: when the tenant
 * has the survey on, it is asked for (`SatisfactionSurveyRequested`) and queued for the
 * scheduler, which sends it once the contact rules allow.
 */
export async function requestSurveyAfterCall(
  deps: { readonly writer: ContactsWriter; readonly surveyTokens: SurveyTokens },
  tx: StoreTransaction,
  c: { readonly tenantId: string; readonly taskId: string; readonly debtId: string; readonly debtorId: string; readonly agent: string; readonly outcome: CallOutcome; readonly now: IsoInstant },
): Promise<void> {
  if (!RIGHT_PARTY_OUTCOMES.has(c.outcome)) return;
  const settings = await surveySettingsOf(tx, c.tenantId);
  if (!settings.enabled) return;
  const surveyId = surveyIdOf(c.taskId);
  const command: SatisfactionSurveyCommand = { type: 'RequestSurvey', surveyId, taskId: c.taskId, debtId: c.debtId, agent: c.agent, channel: settings.channel, now: c.now };
  await deps.writer.apply(surveyAggregate, surveyStream(surveyId), command, { tenantId: c.tenantId, transaction: tx, metadata: { actor: c.agent }, nextEventId: () => nameBasedUuid('contacts.survey-requested', surveyId) });
  await tx.query(
    `INSERT INTO contacts_surveys (tenant_id, survey_id, debt_id, debtor_id, token_hash, channel, requested_at, due_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (tenant_id, survey_id) DO NOTHING`,
    [c.tenantId, surveyId, c.debtId, c.debtorId, SurveyTokens.hashOf(deps.surveyTokens.tokenOf(c.tenantId, surveyId)), settings.channel, c.now],
  );
}

export interface SurveySenderDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly clock: Clock;
  readonly directory: DebtorDirectory;
  readonly senders: ContactSenders;
  readonly addresses: AddressIndex;
  readonly surveyTokens?: SurveyTokens;
  /** Where the answer link points (the service's public URL). */
  readonly publicBaseUrl?: string;
  readonly caps?: FrequencyCaps;
  readonly retryAfterMs?: number;
  readonly log: (line: string) => void;
}

const rule = (code: string, article: string, detail: string): RuleReference => ({ code, article, detail });

/** The survey's text: one question, the scale, the link (no debt, no amount: anyone may read an SMS). */
export function surveyText(creditorName: string | undefined, link: string): string {
  return `${creditorName ?? 'Cobrança'}: como você avalia o atendimento da sua ligação de hoje? Dê uma nota de 1 (ruim) a 5 (ótimo) em ${link}`;
}

/**
 * Sends the surveys due, as any message: to a contact point of the channel with consent and
 * not opted out, within the contact hours of the debtor's place and the frequency caps
 * (counted as a contact). The debtor is asked of the directory before the transaction;
 * then, holding the survey's row (`SKIP LOCKED`), the survey is sent and recorded
 * (`SatisfactionSurveySent`), or recorded as not sent with the rule
 * (`SatisfactionSurveyNotSent`), or moved to the instant the rules allow.
 */
export async function sendDueSurveys(deps: SurveySenderDeps, limit = 1_000): Promise<number> {
  if (!deps.surveyTokens) return 0;
  const tokens = deps.surveyTokens;
  const now = deps.clock.now().toISOString();
  const due = await deps.store.driver.query<{ tenant_id: string; survey_id: string; debt_id: string; debtor_id: string }>(
    "SELECT tenant_id, survey_id, debt_id, debtor_id FROM contacts_surveys WHERE state = 'pending' AND due_at <= $1 ORDER BY due_at LIMIT $2",
    [now, limit],
  );
  let handled = 0;
  for (const { tenant_id: tenantId, survey_id: surveyId, debt_id: debtId, debtor_id: debtorId } of due) {
    let debtor: DirectoryDebtor | undefined;
    try {
      debtor = await deps.directory.lookup(tenantId, debtorId);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      deps.log(`contacts: survey ${surveyId} waits for the debtors directory: ${error.message}`);
      continue;
    }
    const worked = await deps.store.transaction(async (tx) => {
      const [row] = await tx.query<{ channel: SurveyChannel; requested_at: Date }>(
        "SELECT channel, requested_at FROM contacts_surveys WHERE tenant_id = $1 AND survey_id = $2 AND state = 'pending' FOR UPDATE SKIP LOCKED",
        [tenantId, surveyId],
      );
      if (!row) return false;
      const outcome = await sendOne(deps, tokens, tx, { tenantId, surveyId, debtId, debtorId, channel: row.channel, requestedAt: new Date(row.requested_at).toISOString(), debtor, now });
      if (outcome.kind === 'later') {
        await tx.query('UPDATE contacts_surveys SET due_at = $3 WHERE tenant_id = $1 AND survey_id = $2', [tenantId, surveyId, outcome.until]);
        return true;
      }
      const command: SatisfactionSurveyCommand =
        outcome.kind === 'sent' ? { type: 'RecordSurveySent', messageId: outcome.messageId, contactPointId: outcome.contactPointId, now } : { type: 'RecordSurveyNotSent', rule: outcome.rule, now };
      await deps.writer.apply(surveyAggregate, surveyStream(surveyId), command, { tenantId, transaction: tx, metadata: { actor: SYSTEM }, nextEventId: () => nameBasedUuid('contacts.survey-outcome', surveyId) });
      await tx.query("UPDATE contacts_surveys SET state = 'done' WHERE tenant_id = $1 AND survey_id = $2", [tenantId, surveyId]);
      return true;
    });
    if (worked) handled += 1;
  }
  return handled;
}

type SendOutcome =
  | { readonly kind: 'sent'; readonly messageId: string; readonly contactPointId: string }
  | { readonly kind: 'not-sent'; readonly rule: RuleReference }
  | { readonly kind: 'later'; readonly until: IsoInstant };

async function sendOne(
  deps: SurveySenderDeps,
  tokens: SurveyTokens,
  tx: StoreTransaction,
  c: { tenantId: string; surveyId: string; debtId: string; debtorId: string; channel: SurveyChannel; requestedAt: IsoInstant; debtor: DirectoryDebtor | undefined; now: IsoInstant },
): Promise<SendOutcome> {
  const lastChance = Date.parse(c.requestedAt) + SURVEY_SEND_WINDOW_HOURS * 3_600_000;
  const tooLate = (until: number): SendOutcome =>
    until > lastChance ? { kind: 'not-sent', rule: rule('SURVEY_TOO_LATE', 'tenant policy', `the contact rules allow it only after ${SURVEY_SEND_WINDOW_HOURS} hours from the call`) } : { kind: 'later', until: new Date(until).toISOString() };
  if (!c.debtor || c.debtor.erased) return { kind: 'not-sent', rule: rule('DEBTOR_ERASED', 'LGPD art. 18 VI', 'the debtor asked for erasure: no contact data is kept') };
  const point = contactPointFor(c.debtor.contactPoints, c.channel);
  if (point.kind === 'blocked') return { kind: 'not-sent', rule: point.rule };
  const sender = deps.senders[c.channel];
  if (!sender) return { kind: 'not-sent', rule: rule('CHANNEL_NOT_CONFIGURED', 'tenant configuration', `no ${c.channel} provider is configured`) };
  const [place] = await tx.query<{ state: string; time_zone: string | null }>('SELECT state, time_zone FROM contacts_debtors WHERE tenant_id = $1 AND debtor_id = $2', [c.tenantId, c.debtorId]);
  const decision = evaluateContact({
    at: c.now,
    profile: parseContactProfile({ country: 'BR', state: place?.state ?? c.debtor.state, timeZone: place?.time_zone ?? c.debtor.timeZone }),
    channel: c.channel,
    debtId: c.debtId,
    history: await pastContacts(tx, c.tenantId, c.debtorId, c.now),
    ...(deps.caps ? { caps: deps.caps } : {}),
    contactPoint: { optedOut: point.contactPoint.optedOut, consent: point.contactPoint.consent },
  });
  if (decision.kind === 'blocked') return { kind: 'not-sent', rule: decision.rule };
  if (decision.kind === 'deferred') return tooLate(Date.parse(decision.until));
  if (point.contactPoint.kind === 'postal_address') throw new Error('a survey goes by sms or e-mail');
  const [creditor] = await tx.query<{ name: string }>('SELECT name FROM contacts_creditors WHERE tenant_id = $1', [c.tenantId]);
  const link = `${(deps.publicBaseUrl ?? 'http://localhost:3000').replace(/\/$/, '')}/surveys/${tokens.tokenOf(c.tenantId, c.surveyId)}`;
  const messageId = nameBasedUuid('contacts.survey-message', c.surveyId);
  try {
    await sender.send({ messageId, tenantId: c.tenantId, to: point.contactPoint.value, text: surveyText(creditor?.name, link), ...(c.channel === 'email' ? { subject: 'Como foi o seu atendimento?' } : {}) });
  } catch (error) {
    if (!(error instanceof ChannelError)) throw error;
    if (error.retryable) return tooLate(Date.parse(c.now) + (deps.retryAfterMs ?? 5 * 60_000));
    return { kind: 'not-sent', rule: rule('PROVIDER_REFUSED', c.channel, error.reason.slice(0, 300)) };
  }
  // a survey is a message: it counts towards the caps like any other
  await tx.query('INSERT INTO contacts_attempts (tenant_id, message_id, debtor_id, debt_id, channel, at) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING', [
    c.tenantId,
    messageId,
    c.debtorId,
    c.debtId,
    c.channel,
    c.now,
  ]);
  const addressKey = deps.addresses.keyOf(c.tenantId, point.contactPoint.value);
  if (addressKey) {
    await tx.query('INSERT INTO contacts_addresses (tenant_id, address_key, debtor_id, contact_point_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [c.tenantId, addressKey, c.debtorId, point.contactPoint.id]);
  }
  return { kind: 'sent', messageId, contactPointId: point.contactPoint.id };
}
