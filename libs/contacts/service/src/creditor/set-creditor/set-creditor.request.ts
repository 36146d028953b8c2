import { z } from 'zod';
import { TaxId } from '@collections/shared-kernel';
import { parseInput } from '@collections/shared-nest';

export const setCreditorBody = z
  .object({
    name: z.string().trim().min(2).max(150),
    address: z.string().trim().min(10).max(300),
    taxId: z.string().max(20),
  })
  .strict();

/** The creditor's identification every message shows (CDC art. 42-A): name, address, CPF/CNPJ. */
export interface SetCreditorRequest {
  readonly name: string;
  readonly address: string;
  /** Formatted for display: 00.000.000/0000-00 or 000.000.000-00. */
  readonly taxId: string;
}

function formatted(taxId: TaxId): string {
  const d = taxId.value;
  return taxId.kind === 'cnpj' ? `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}` : `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6, 9)}-${d.slice(9)}`;
}

export function parseSetCreditorRequest(input: unknown): SetCreditorRequest {
  const body = parseInput(setCreditorBody, input);
  return { name: body.name, address: body.address, taxId: formatted(TaxId.parse(body.taxId, 'taxId')) };
}
