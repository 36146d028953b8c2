import { knownLegalId, type LegalId } from '../../shared/ids';

/** A Legal by its id (a path parameter in REST, a field over gRPC). */
export interface GetLegalRequest {
  readonly legalId: LegalId;
}

export function parseGetLegalRequest(legalId: string): GetLegalRequest {
  return { legalId: knownLegalId(legalId) };
}
