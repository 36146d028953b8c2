import type { SqlEventStore } from '@collections/shared-event-store';
import type { Clock, IdGenerator } from '@collections/shared-kernel';
import type { PiiCipher } from '@collections/shared-pii';
import type { CommandIdempotency } from '@collections/shared-service-kit';
import type { DebtorDirectory } from '../ports/debtor-directory';
import type { AddressIndex } from './address-index';
import type { ContactsWriter } from './contacts-writer';
import type { SurveyTokens } from '../surveys/surveys';
import type { Dialer } from '@collections/contacts-channels';

/** What the contacts use cases' handlers are built from (the composition makes it once). */
export interface ContactsDeps {
  readonly store: SqlEventStore;
  readonly writer: ContactsWriter;
  readonly idempotency: CommandIdempotency;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly directory: DebtorDirectory;
  readonly addresses: AddressIndex;
  /** Personal data the service itself holds (an agent's call notes), under the debtor's key. */
  readonly cipher: PiiCipher;
  /** The satisfaction surveys' one-time answer tokens (keyed by the master key). */
  readonly surveyTokens: SurveyTokens;
  /** Click-to-call; absent: agents dial from their phones. */
  readonly dialer?: Dialer;
  readonly log: (line: string) => void;
}
