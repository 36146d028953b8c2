import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';
import { knownDebtorId, type DebtorId } from '../../shared/ids';
import { contactPointsSchema, parseContactPoints, type ContactPointRequest } from '../contact-point.schema';

export const updateContactPointsBody = z.object({ contactPoints: contactPointsSchema });

/** Replace a debtor's contact points (the complete new set), each validated and normalised. */
export interface UpdateContactPointsRequest {
  readonly debtorId: DebtorId;
  readonly contactPoints: readonly ContactPointRequest[];
}

export function parseUpdateContactPointsRequest(debtorId: string, input: unknown): UpdateContactPointsRequest {
  const id = knownDebtorId(debtorId);
  return { contactPoints: parseContactPoints(parseInput(updateContactPointsBody, input).contactPoints), debtorId: id };
}
