import type { Provider, Type } from '@nestjs/common';
import { PaymentsGrpcController } from './grpc/payments.grpc.controller';
import { ValidateBoletoHttpController } from './boletos/validate-boleto/validate-boleto.http.controller';
import { CancelChargeHandler } from './charges/cancel-charge/cancel-charge.handler';
import { CancelChargeHttpController } from './charges/cancel-charge/cancel-charge.http.controller';
import { ChargeDocumentsHandler } from './charges/charge-documents/charge-documents.handler';
import { ChargeDocumentsHttpController } from './charges/charge-documents/charge-documents.http.controller';
import { GetChargeHandler } from './charges/get-charge/get-charge.handler';
import { GetChargeHttpController } from './charges/get-charge/get-charge.http.controller';
import { IssueChargeHandler } from './charges/issue-charge/issue-charge.handler';
import { IssueChargeHttpController } from './charges/issue-charge/issue-charge.http.controller';
import { GetPaymentHandler } from './payments/get-payment/get-payment.handler';
import { GetPaymentHttpController } from './payments/get-payment/get-payment.http.controller';
import { RecordPaymentHandler } from './payments/record-payment/record-payment.handler';
import { RecordPaymentHttpController } from './payments/record-payment/record-payment.http.controller';
import { ReversePaymentHandler } from './payments/reverse-payment/reverse-payment.handler';
import { ReversePaymentHttpController } from './payments/reverse-payment/reverse-payment.http.controller';
import { ImportFileHandler } from './reconciliation/import-file/import-file.handler';
import { ImportFileHttpController } from './reconciliation/import-file/import-file.http.controller';
import { ListUnmatchedHttpController } from './reconciliation/list-unmatched/list-unmatched.http.controller';
import { MatchPaymentHandler } from './reconciliation/match-payment/match-payment.handler';
import { MatchPaymentHttpController } from './reconciliation/match-payment/match-payment.http.controller';
import { SetSettingsHandler } from './settings/set-settings/set-settings.handler';
import { SetSettingsHttpController } from './settings/set-settings/set-settings.http.controller';
import type { PaymentsDeps } from './shared/payments-deps';
import { PAYMENTS_CLOCK, PAYMENTS_DEPS } from './shared/tokens';
import { PixWebhookHandler } from './webhooks/pix-webhook/pix-webhook.handler';
import { CardWebhookHandler } from './webhooks/card-webhook/card-webhook.handler';
import { CardWebhookHttpController } from './webhooks/card-webhook/card-webhook.http.controller';
import { PixWebhookHttpController } from './webhooks/pix-webhook/pix-webhook.http.controller';

/** Every use case of the payments service, one handler each. */
export interface PaymentsUseCases {
  readonly setSettings: SetSettingsHandler;
  readonly issueCharge: IssueChargeHandler;
  readonly getCharge: GetChargeHandler;
  readonly chargeDocuments: ChargeDocumentsHandler;
  readonly cancelCharge: CancelChargeHandler;
  readonly recordPayment: RecordPaymentHandler;
  readonly getPayment: GetPaymentHandler;
  readonly reversePayment: ReversePaymentHandler;
  readonly pixWebhook: PixWebhookHandler;
  readonly cardWebhook: CardWebhookHandler;
  readonly importFile: ImportFileHandler;
  readonly matchPayment: MatchPaymentHandler;
}

export function paymentsUseCases(deps: PaymentsDeps): PaymentsUseCases {
  const getCharge = new GetChargeHandler(deps);
  return {
    setSettings: new SetSettingsHandler(deps),
    issueCharge: new IssueChargeHandler(deps),
    getCharge,
    chargeDocuments: new ChargeDocumentsHandler(deps, getCharge),
    cancelCharge: new CancelChargeHandler(deps),
    recordPayment: new RecordPaymentHandler(deps),
    getPayment: new GetPaymentHandler(deps),
    reversePayment: new ReversePaymentHandler(deps),
    pixWebhook: new PixWebhookHandler(deps),
    cardWebhook: new CardWebhookHandler(deps),
    importFile: new ImportFileHandler(deps),
    matchPayment: new MatchPaymentHandler(deps),
  };
}

/** Each handler as a Nest provider under its class, plus the clock and deps some controllers read. */
export function paymentsUseCaseProviders(useCases: PaymentsUseCases, deps: PaymentsDeps): Provider[] {
  return [
    ...Object.values(useCases).map((handler: object) => ({ provide: handler.constructor, useValue: handler })),
    { provide: PAYMENTS_CLOCK, useValue: deps.clock },
    { provide: PAYMENTS_DEPS, useValue: deps },
  ];
}

/** Every REST and gRPC controller of the payments service (the kit adds health and metrics). */
export const PAYMENTS_CONTROLLERS: readonly Type[] = [
  SetSettingsHttpController,
  IssueChargeHttpController,
  GetChargeHttpController,
  ChargeDocumentsHttpController,
  CancelChargeHttpController,
  ValidateBoletoHttpController,
  RecordPaymentHttpController,
  GetPaymentHttpController,
  ReversePaymentHttpController,
  PixWebhookHttpController,
  CardWebhookHttpController,
  ImportFileHttpController,
  ListUnmatchedHttpController,
  MatchPaymentHttpController,
  PaymentsGrpcController,
];
