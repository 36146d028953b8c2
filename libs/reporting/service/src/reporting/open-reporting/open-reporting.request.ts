import { z } from 'zod';
import { parseText } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

export const openReportingBody = z.object({ title: z.string() });

/** Open a Reporting: its id is minted by the service. */
export interface OpenReportingRequest {
  /** Trimmed, 1-200 characters. */
  readonly title: string;
}

/**
 * The only validation edge of the use case (REST and gRPC): zod for the shape, the
 * kernel's parsers for each field's format. The handler builds a typed command from what
 * it returns; the decider checks only invariants.
 */
export function parseOpenReportingRequest(input: unknown): OpenReportingRequest {
  const body = parseInput(openReportingBody, input);
  return { title: parseText(body.title, 'title', { max: 200 }) };
}
