import { applyDecorators } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { str, type GrpcMessage } from '../shared/grpc-message';

/** The query parameters every KPI route takes, in the OpenAPI document. */
export function PeriodQueries(): MethodDecorator {
  return applyDecorators(
    ApiQuery({ name: 'from', required: false, description: 'First business date (YYYY-MM-DD), default the 1st of January of `to`' }),
    ApiQuery({ name: 'to', required: false, description: 'Last business date (YYYY-MM-DD) and the as-of date of stock figures, default today (UTC)' }),
    ApiQuery({ name: 'segment', required: false, description: "Only the debts of this segment (DebtRegistered's `segment`; absent there: `default`) and their facts; 1-50 characters" }),
    ApiQuery({ name: 'portfolio', required: false, description: "Only the debts of this portfolio (DebtRegistered's `portfolio`) and their facts; 1-50 characters" }),
  );
}

/** A gRPC PeriodRequest as the REST query string ("" = not sent). */
export function periodOfGrpc(message: GrpcMessage): Record<string, string | undefined> {
  return { from: str(message['from']), to: str(message['to']), segment: str(message['segment']), portfolio: str(message['portfolio']) };
}
