import { Money, ValidationError, validateAll, type FieldViolation } from '@collections/shared-kernel';
import { crc16Ccitt } from './crc16';
import { parseTlv, tlv, type TlvNode } from './emv-tlv';
import { parsePixKey } from './pix-key';

/**
 * PIX BR Code: the EMV QRCPS "merchant presented mode" payload behind a Pix QR code and
 * its "copia e cola" text (Banco Central, Manual do BR Code and Manual de Padrões para
 * Iniciação do Pix). Written here rather than taken from a library so the limits are
 * refused with a field name instead of silently truncated: a payer must never see a
 * different name or amount from the one the creditor's charge states.
 */

export const PIX_GUI = 'br.gov.bcb.pix';
/** Merchant category code "0000" (not informed), as the Banco Central's examples use. */
const MCC_NOT_INFORMED = '0000';
/** ISO 4217 numeric code of the real. */
const BRL_NUMERIC = '986';
/** The txid that says "no transaction id" in a static payload (manual: "***"). */
export const PIX_NO_TXID = '***';
const NAME_MAX = 25;
const CITY_MAX = 15;
const TXID = /^[A-Za-z0-9]{1,25}$/;
const AMOUNT_MAX_CHARS = 13;
/** Object 26 holds at most 99 characters: GUI, key or URL, and the description. */
const TEMPLATE_MAX = 99;
/** The location field (26-25) fits with the GUI in the 99 of the template. */
const URL_MAX = 77;
// Host with at least one dot, then an optional path of URL characters (RFC 3986 pchar),
// the same rule the brazilian-utils parser applies, so what we write it reads.
const LABEL = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const PSP_URL = new RegExp(`^${LABEL}(?:\\.${LABEL})+(?::\\d{1,5})?(?:/(?:%[0-9a-f]{2}|[a-z0-9._~!$&'()*+,;=:@-])*)*$`, 'i');

export interface PixStaticPayloadInput {
  /** The receiver's Pix key: CPF, CNPJ, e-mail, +55 mobile phone or EVP. */
  readonly key: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** Omitted: the payer types the amount. */
  readonly amount?: Money;
  /** `***` (the default) or 1-25 letters and digits, echoed back in the PSP's notification. */
  readonly txid?: string;
  /** Free text shown to the payer (object 26-02). */
  readonly description?: string;
}

export interface PixDynamicPayloadInput {
  /** Where the PSP serves the charge's signed payload, without scheme: `pix.example.com/qr/v2/9d36...`. */
  readonly url: string;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** Informative only: for a dynamic BR Code the PSP's payload is the source of truth. */
  readonly amount?: Money;
}

/** A static BR Code: may be paid more than once, so object 01 (point of initiation) is left out, as in the manual's example. */
export function pixStaticPayload(input: PixStaticPayloadInput): string {
  const checked = validateAll({
    key: () => parsePixKey(input.key, 'key'),
    merchantName: () => asciiText(input.merchantName, 'merchantName', NAME_MAX),
    merchantCity: () => asciiText(input.merchantCity, 'merchantCity', CITY_MAX),
    amount: () => (input.amount === undefined ? undefined : pixAmount(input.amount, 'amount')),
    txid: () => parseTxid(input.txid ?? PIX_NO_TXID, 'txid'),
    description: () => (input.description === undefined ? undefined : asciiText(input.description, 'description', TEMPLATE_MAX)),
  });
  const account = tlv('00', PIX_GUI) + tlv('01', checked.key.value);
  const description = checked.description === undefined ? '' : tlv('02', checked.description);
  if (account.length + description.length > TEMPLATE_MAX) {
    throw ValidationError.of('description', `is too long for this key: at most ${TEMPLATE_MAX - account.length - 4} characters fit beside it`);
  }
  return withCrc(
    tlv('00', '01') +
      tlv('26', account + description) +
      commonObjects(checked.merchantName, checked.merchantCity, checked.amount, checked.txid),
  );
}

/** A dynamic BR Code: object 01 = "12" (single use) and the PSP location in 26-25 instead of a key. */
export function pixDynamicPayload(input: PixDynamicPayloadInput): string {
  const checked = validateAll({
    url: () => parsePspUrl(input.url, 'url'),
    merchantName: () => asciiText(input.merchantName, 'merchantName', NAME_MAX),
    merchantCity: () => asciiText(input.merchantCity, 'merchantCity', CITY_MAX),
    amount: () => (input.amount === undefined ? undefined : pixAmount(input.amount, 'amount')),
  });
  return withCrc(
    tlv('00', '01') +
      tlv('01', '12') +
      tlv('26', tlv('00', PIX_GUI) + tlv('25', checked.url)) +
      commonObjects(checked.merchantName, checked.merchantCity, checked.amount, PIX_NO_TXID),
  );
}

function commonObjects(name: string, city: string, amount: string | undefined, txid: string): string {
  return (
    tlv('52', MCC_NOT_INFORMED) +
    tlv('53', BRL_NUMERIC) +
    (amount === undefined ? '' : tlv('54', amount)) +
    tlv('58', 'BR') +
    tlv('59', name) +
    tlv('60', city) +
    tlv('62', tlv('05', txid))
  );
}

/** The CRC covers everything before it, its own id and length "6304" included. */
function withCrc(body: string): string {
  const head = `${body}6304`;
  return head + crc16Ccitt(head);
}

/**
 * Removes accents (NFD, then combining marks dropped) and requires printable ASCII:
 * payer apps render the BR Code's bytes as they are, and lengths are counted in them.
 */
export function foldToAscii(value: string): string {
  return value.normalize('NFD').replace(/\p{M}/gu, '').replace(/\s+/g, ' ').trim();
}

function asciiText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string');
  const folded = foldToAscii(value);
  if (folded === '') throw ValidationError.of(field, 'must not be empty');
  if (!/^[\x20-\x7E]+$/.test(folded)) throw ValidationError.of(field, 'must hold letters, digits and punctuation that fold to ASCII (accents are removed)');
  if (folded.length > max) throw ValidationError.of(field, `must have at most ${max} characters after removing accents, has ${folded.length}`);
  return folded;
}

function parseTxid(value: unknown, field: string): string {
  if (value === PIX_NO_TXID) return value;
  if (typeof value !== 'string' || !TXID.test(value)) throw ValidationError.of(field, `must be "${PIX_NO_TXID}" or 1-25 letters and digits`);
  return value;
}

function parsePspUrl(value: unknown, field: string): string {
  if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string');
  const url = value.trim();
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) throw ValidationError.of(field, 'must be written without its scheme (no https://)');
  if (url.length > URL_MAX) throw ValidationError.of(field, `must have at most ${URL_MAX} characters`);
  if (!PSP_URL.test(url)) throw ValidationError.of(field, 'must be a host name with an optional path, e.g. pix.example.com/qr/v2/abc');
  return url;
}

/** Object 54: the amount in reais with two decimals, more than zero, at most 13 characters. */
function pixAmount(money: Money, field: string): string {
  const amount = Money.parse(money, field, { allowZero: false });
  if (amount.currency !== 'BRL') throw ValidationError.of(`${field}.currency`, 'a BR Code charges in BRL only');
  const text = formatCentavos(amount.amount);
  if (text.length > AMOUNT_MAX_CHARS) throw ValidationError.of(`${field}.amount`, `must fit ${AMOUNT_MAX_CHARS} characters (at most 9999999999.99)`);
  return text;
}

function formatCentavos(centavos: number): string {
  return `${Math.floor(centavos / 100)}.${String(centavos % 100).padStart(2, '0')}`;
}

export type PixPointOfInitiation = 'static' | 'dynamic';

/** What a BR Code says, read back. `key` is not checked against the DICT formats: a static code may name a key no longer registered. */
export interface PixPayloadFields {
  readonly pointOfInitiation: PixPointOfInitiation;
  readonly key?: string;
  readonly url?: string;
  readonly description?: string;
  readonly merchantCategoryCode: string;
  readonly amount?: Money;
  readonly merchantName: string;
  readonly merchantCity: string;
  /** Absent when the payload carries the "***" marker or no object 62. */
  readonly txid?: string;
  readonly crc: string;
}

export interface ParsedPixPayload {
  readonly tree: readonly TlvNode[];
  readonly fields: PixPayloadFields;
}

const OBJECT_NAMES: Record<string, string> = {
  '00': 'payload format indicator',
  '52': 'merchant category code',
  '53': 'transaction currency',
  '58': 'country code',
  '59': 'merchant name',
  '60': 'merchant city',
};

/**
 * Reads a BR Code and refuses, on `field` (ValidationError), a wrong CRC, a malformed or
 * overrunning length, and a missing or wrong mandatory object: 00 = "01" first, a
 * merchant account template (26-51) with GUI br.gov.bcb.pix and a key (01) or a location
 * (25), 52, 53 = 986, 58 = BR, 59, 60, and 63 last. The CRC must be uppercase, as the
 * generators of the manual write it: a changed character anywhere is then always caught.
 */
export function parsePixPayload(value: unknown, field = 'payload'): ParsedPixPayload {
  if (typeof value !== 'string') throw ValidationError.of(field, 'must be a string');
  const text = value.trim();
  const crcObject = /6304([0-9A-F]{4})$/.exec(text);
  if (!crcObject) throw ValidationError.of(field, 'must end with the CRC object 6304 and four uppercase hexadecimal digits');
  const stated = crcObject[1]!;
  const computed = crc16Ccitt(text.slice(0, -4));
  if (stated !== computed) throw ValidationError.of(field, `CRC ${stated} does not match the payload (computed ${computed}): it was altered or truncated`);

  const tree = parseTlv(text, field);
  const problems: FieldViolation[] = [];
  const problem = (message: string): void => void problems.push({ field, message });
  const top = new Map<string, TlvNode>();
  for (const node of tree) {
    if (top.has(node.id)) problem(`object ${node.id} appears twice`);
    top.set(node.id, node);
  }
  const valueOf = (id: string): string | undefined => top.get(id)?.value;

  if (tree[0]?.id !== '00' || tree[0].value !== '01') problem('must start with object 00 (payload format indicator) = "01"');
  if (tree[tree.length - 1]?.id !== '63' || tree[tree.length - 1]?.value.length !== 4) problem('object 63 (CRC) must be the last one, 4 characters long');
  for (const id of ['52', '59', '60']) if (!valueOf(id)) problem(`object ${id} (${OBJECT_NAMES[id]}) is missing`);
  const mcc = valueOf('52');
  if (mcc !== undefined && !/^\d{4}$/.test(mcc)) problem('object 52 (merchant category code) must be 4 digits');
  if (valueOf('53') !== BRL_NUMERIC) problem(`object 53 (transaction currency) must be ${BRL_NUMERIC} (BRL)`);
  if (valueOf('58') !== 'BR') problem('object 58 (country code) must be BR');
  const initiation = valueOf('01');
  if (initiation !== undefined && initiation !== '11' && initiation !== '12') problem('object 01 (point of initiation) must be 11 or 12');

  const account = tree.find((node) => Number(node.id) >= 26 && Number(node.id) <= 51 && childValue(node, '00')?.toLowerCase() === PIX_GUI);
  const key = account && childValue(account, '01');
  const url = account && childValue(account, '25');
  if (!account) problem(`no merchant account template (26-51) with GUI ${PIX_GUI}`);
  else if ((key === undefined) === (url === undefined)) problem(`template ${account.id} must hold exactly one of a key (01) or a location (25)`);

  const amountText = valueOf('54');
  let amount: Money | undefined;
  if (amountText !== undefined) {
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amountText);
    if (!match || amountText.length > AMOUNT_MAX_CHARS) problem('object 54 (amount) must be a decimal of at most 13 characters, e.g. 123.45');
    else {
      const centavos = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
      if (centavos === 0) problem('object 54 (amount) must be more than zero');
      else amount = Money.of(centavos);
    }
  }
  const additional = top.get('62');
  const txid = additional ? childValue(additional, '05') : undefined;
  if (problems.length > 0) throw new ValidationError(problems);

  const description = account ? childValue(account, '02') : undefined;
  const fields: PixPayloadFields = {
    pointOfInitiation: url !== undefined || initiation === '12' ? 'dynamic' : 'static',
    ...(key !== undefined ? { key } : {}),
    ...(url !== undefined ? { url } : {}),
    ...(description !== undefined ? { description } : {}),
    merchantCategoryCode: mcc!,
    ...(amount !== undefined ? { amount } : {}),
    merchantName: valueOf('59')!,
    merchantCity: valueOf('60')!,
    ...(txid !== undefined && txid !== PIX_NO_TXID ? { txid } : {}),
    crc: stated,
  };
  return { tree, fields };
}

function childValue(node: TlvNode, id: string): string | undefined {
  return node.children?.find((child) => child.id === id)?.value;
}

