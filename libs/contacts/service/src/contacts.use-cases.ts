import type { Provider, Type } from '@nestjs/common';
import { CallTasksGrpcController } from './call-tasks/call-tasks.grpc.controller';
import { GetCallTaskHandler } from './call-tasks/get-call-task/get-call-task.handler';
import { GetCallTaskHttpController } from './call-tasks/get-call-task/get-call-task.http.controller';
import { GetCallScriptHandler, PublishCallScriptHandler } from './call-scripts/publish-call-script/publish-call-script.handler';
import { CallScriptsHttpController } from './call-scripts/publish-call-script/call-scripts.http.controller';
import { GetSurveySettingsHandler, SetSurveySettingsHandler } from './surveys/survey-settings/survey-settings';
import { SurveySettingsHttpController } from './surveys/survey-settings/survey-settings.http.controller';
import { AnswerSurveyHandler } from './surveys/answer-survey/answer-survey.handler';
import { AnswerSurveyHttpController } from './surveys/answer-survey/answer-survey.http.controller';
import { DialCallTaskHandler } from './call-tasks/dial-call-task/dial-call-task.handler';
import { DialCallTaskHttpController } from './call-tasks/dial-call-task/dial-call-task.http.controller';
import { RecordCallReportHandler } from './call-tasks/dial-call-task/record-call-report.handler';
import { DialerWebhooksHttpController } from './webhooks/dialer-webhooks.http.controller';
import { CompleteCallTaskHandler } from './call-tasks/complete-call-task/complete-call-task.handler';
import { CompleteCallTaskHttpController } from './call-tasks/complete-call-task/complete-call-task.http.controller';
import { CreateCallTaskHandler } from './call-tasks/create-call-task/create-call-task.handler';
import { CreateCallTaskHttpController } from './call-tasks/create-call-task/create-call-task.http.controller';
import { GetCallQueueHandler } from './call-tasks/get-call-queue/get-call-queue.handler';
import { GetCallQueueHttpController } from './call-tasks/get-call-queue/get-call-queue.http.controller';
import { ReassignCallTaskHandler } from './call-tasks/reassign-call-task/reassign-call-task.handler';
import { ReassignCallTaskHttpController } from './call-tasks/reassign-call-task/reassign-call-task.http.controller';
import { TakeNextCallTaskHandler } from './call-tasks/take-next-call-task/take-next-call-task.handler';
import { TakeNextCallTaskHttpController } from './call-tasks/take-next-call-task/take-next-call-task.http.controller';
import { DefineCadenceGrpcController } from './cadences/define-cadence/define-cadence.grpc.controller';
import { DefineCadenceHandler } from './cadences/define-cadence/define-cadence.handler';
import { DefineCadenceHttpController } from './cadences/define-cadence/define-cadence.http.controller';
import { GetCadenceGrpcController } from './cadences/get-cadence/get-cadence.grpc.controller';
import { GetCadenceHandler } from './cadences/get-cadence/get-cadence.handler';
import { GetCadenceHttpController } from './cadences/get-cadence/get-cadence.http.controller';
import { ReviseCadenceHandler } from './cadences/revise-cadence/revise-cadence.handler';
import { ReviseCadenceHttpController } from './cadences/revise-cadence/revise-cadence.http.controller';
import { GetCreditorHandler } from './creditor/get-creditor/get-creditor.handler';
import { GetCreditorHttpController } from './creditor/get-creditor/get-creditor.http.controller';
import { SetCreditorHandler } from './creditor/set-creditor/set-creditor.handler';
import { GetFollowUpRulesHandler, SetFollowUpRulesHandler } from './call-tasks/follow-up-rules/follow-up-rules';
import { FollowUpRulesHttpController } from './call-tasks/follow-up-rules/follow-up-rules.http.controller';
import { SetCreditorHttpController } from './creditor/set-creditor/set-creditor.http.controller';
import { PlaceHoldGrpcController } from './holds/place-hold/place-hold.grpc.controller';
import { PlaceHoldHandler } from './holds/place-hold/place-hold.handler';
import { PlaceHoldHttpController } from './holds/place-hold/place-hold.http.controller';
import { ReleaseHoldGrpcController } from './holds/release-hold/release-hold.grpc.controller';
import { ReleaseHoldHandler } from './holds/release-hold/release-hold.handler';
import { ReleaseHoldHttpController } from './holds/release-hold/release-hold.http.controller';
import { GetLetterHandler } from './letters/get-letter/get-letter.handler';
import { GetLetterHttpController } from './letters/get-letter/get-letter.http.controller';
import type { ContactsDeps } from './shared/contacts-deps';
import { RecordDeliveryHandler } from './deliveries/record-delivery/record-delivery.handler';
import { ReceiveInboundMessageHandler } from './inbound/receive-inbound-message/receive-inbound-message.handler';
import { ReceiveInboundMessageHttpController } from './inbound/receive-inbound-message/receive-inbound-message.http.controller';
import { TwilioWebhooksHttpController } from './webhooks/twilio-webhooks.http.controller';
import { WhatsAppWebhooksHttpController } from './webhooks/whatsapp-webhooks.http.controller';
import { UploadTemplateHandler } from './templates/upload-template/upload-template.handler';
import { UploadTemplateHttpController } from './templates/upload-template/upload-template.http.controller';
import { GetContactTimelineGrpcController } from './timeline/get-contact-timeline/get-contact-timeline.grpc.controller';
import { GetContactTimelineHandler } from './timeline/get-contact-timeline/get-contact-timeline.handler';
import { GetContactTimelineHttpController } from './timeline/get-contact-timeline/get-contact-timeline.http.controller';

/** Every use case of the contacts service, one handler each. */
export interface ContactsUseCases {
  readonly defineCadence: DefineCadenceHandler;
  readonly reviseCadence: ReviseCadenceHandler;
  readonly getCadence: GetCadenceHandler;
  readonly setCreditor: SetCreditorHandler;
  readonly setFollowUpRules: SetFollowUpRulesHandler;
  readonly getFollowUpRules: GetFollowUpRulesHandler;
  readonly getCreditor: GetCreditorHandler;
  readonly placeHold: PlaceHoldHandler;
  readonly releaseHold: ReleaseHoldHandler;
  readonly getContactTimeline: GetContactTimelineHandler;
  readonly getLetter: GetLetterHandler;
  readonly uploadTemplate: UploadTemplateHandler;
  readonly receiveInboundMessage: ReceiveInboundMessageHandler;
  readonly recordDelivery: RecordDeliveryHandler;
  readonly createCallTask: CreateCallTaskHandler;
  readonly takeNextCallTask: TakeNextCallTaskHandler;
  readonly completeCallTask: CompleteCallTaskHandler;
  readonly reassignCallTask: ReassignCallTaskHandler;
  readonly getCallQueue: GetCallQueueHandler;
  readonly getCallTask: GetCallTaskHandler;
  readonly publishCallScript: PublishCallScriptHandler;
  readonly getCallScript: GetCallScriptHandler;
  readonly setSurveySettings: SetSurveySettingsHandler;
  readonly getSurveySettings: GetSurveySettingsHandler;
  readonly answerSurvey: AnswerSurveyHandler;
  readonly dialCallTask: DialCallTaskHandler;
  readonly recordCallReport: RecordCallReportHandler;
}

export function contactsUseCases(deps: ContactsDeps): ContactsUseCases {
  return {
    defineCadence: new DefineCadenceHandler(deps),
    reviseCadence: new ReviseCadenceHandler(deps),
    getCadence: new GetCadenceHandler(deps),
    setCreditor: new SetCreditorHandler(deps),
    setFollowUpRules: new SetFollowUpRulesHandler(deps),
    getFollowUpRules: new GetFollowUpRulesHandler(deps),
    getCreditor: new GetCreditorHandler(deps),
    placeHold: new PlaceHoldHandler(deps),
    releaseHold: new ReleaseHoldHandler(deps),
    getContactTimeline: new GetContactTimelineHandler(deps),
    getLetter: new GetLetterHandler(deps),
    uploadTemplate: new UploadTemplateHandler(deps),
    receiveInboundMessage: new ReceiveInboundMessageHandler(deps),
    recordDelivery: new RecordDeliveryHandler(deps),
    createCallTask: new CreateCallTaskHandler(deps),
    takeNextCallTask: new TakeNextCallTaskHandler(deps),
    completeCallTask: new CompleteCallTaskHandler(deps),
    reassignCallTask: new ReassignCallTaskHandler(deps),
    getCallQueue: new GetCallQueueHandler(deps),
    getCallTask: new GetCallTaskHandler(deps),
    publishCallScript: new PublishCallScriptHandler(deps),
    getCallScript: new GetCallScriptHandler(deps),
    setSurveySettings: new SetSurveySettingsHandler(deps),
    getSurveySettings: new GetSurveySettingsHandler(deps),
    answerSurvey: new AnswerSurveyHandler(deps),
    dialCallTask: new DialCallTaskHandler(deps),
    recordCallReport: new RecordCallReportHandler(deps),
  };
}

/** Each handler as a Nest provider under its class, for the controllers to inject. */
export function contactsUseCaseProviders(useCases: ContactsUseCases): Provider[] {
  return Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler }));
}

/** Every REST and gRPC controller of the contacts service (the kit adds health and metrics). */
export const CONTACTS_CONTROLLERS: readonly Type[] = [
  DefineCadenceHttpController,
  DefineCadenceGrpcController,
  ReviseCadenceHttpController,
  GetCadenceHttpController,
  GetCadenceGrpcController,
  SetCreditorHttpController,
  FollowUpRulesHttpController,
  GetCreditorHttpController,
  PlaceHoldHttpController,
  PlaceHoldGrpcController,
  ReleaseHoldHttpController,
  ReleaseHoldGrpcController,
  GetContactTimelineHttpController,
  GetContactTimelineGrpcController,
  GetLetterHttpController,
  UploadTemplateHttpController,
  ReceiveInboundMessageHttpController,
  TwilioWebhooksHttpController,
  WhatsAppWebhooksHttpController,
  CreateCallTaskHttpController,
  TakeNextCallTaskHttpController,
  CompleteCallTaskHttpController,
  ReassignCallTaskHttpController,
  GetCallQueueHttpController,
  GetCallTaskHttpController,
  CallScriptsHttpController,
  SurveySettingsHttpController,
  AnswerSurveyHttpController,
  DialCallTaskHttpController,
  DialerWebhooksHttpController,
  CallTasksGrpcController,
];
