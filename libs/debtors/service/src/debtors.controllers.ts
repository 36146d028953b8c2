import type { Type } from '@nestjs/common';
import { DebtorsGrpcController } from './grpc/debtors.grpc.controller';
import { AdminHttpController, AuditHttpController } from './http/audit.http.controller';
import { DebtorsHttpController } from './http/debtors.http.controller';
import { DebtsHttpController } from './http/debts.http.controller';
import { ImportsHttpController } from './http/imports.http.controller';

/** Every REST and gRPC controller of the debtors service (the kit adds health and metrics). */
export const DEBTORS_CONTROLLERS: readonly Type[] = [DebtorsHttpController, DebtsHttpController, ImportsHttpController, AuditHttpController, AdminHttpController, DebtorsGrpcController];
