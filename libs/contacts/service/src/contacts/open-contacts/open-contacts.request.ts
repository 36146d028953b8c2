import { z } from 'zod';
import { parseInput } from '@collections/shared-nest';

export const openContactsBody = z.object({ title: z.string().trim().min(1).max(200) });

/** Open a Contacts: its id is minted by the service. */
export type OpenContactsRequest = z.output<typeof openContactsBody>;

export function parseOpenContactsRequest(input: unknown): OpenContactsRequest {
  return parseInput(openContactsBody, input);
}
