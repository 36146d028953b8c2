import type { Provider, Type } from '@nestjs/common';
import { GetContactsGrpcController } from './contacts/get-contacts/get-contacts.grpc.controller';
import { GetContactsHandler } from './contacts/get-contacts/get-contacts.handler';
import { GetContactsHttpController } from './contacts/get-contacts/get-contacts.http.controller';
import { OpenContactsGrpcController } from './contacts/open-contacts/open-contacts.grpc.controller';
import { OpenContactsHandler } from './contacts/open-contacts/open-contacts.handler';
import { OpenContactsHttpController } from './contacts/open-contacts/open-contacts.http.controller';
import type { ContactsDeps } from './shared/contacts-deps';

/** Every use case of the contacts service, one handler each. */
export interface ContactsUseCases {
  readonly openContacts: OpenContactsHandler;
  readonly getContacts: GetContactsHandler;
}

export function contactsUseCases(deps: ContactsDeps): ContactsUseCases {
  return { openContacts: new OpenContactsHandler(deps), getContacts: new GetContactsHandler(deps) };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function contactsUseCaseProviders(useCases: ContactsUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the contacts service (the kit adds health and metrics). */
export const CONTACTS_CONTROLLERS: readonly Type[] = [OpenContactsHttpController, OpenContactsGrpcController, GetContactsHttpController, GetContactsGrpcController];
