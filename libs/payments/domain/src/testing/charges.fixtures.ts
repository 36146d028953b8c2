/**
 * Known-good BR Codes and boletos, each with where it comes from. The specs check that our
 * generators reproduce them byte for byte and that our parsers read them.
 */

/** The static example of the Banco Central's Manual do BR Code (EVP key, no amount). */
export const BACEN_MANUAL_STATIC_PAYLOAD =
  '00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D';

/** Produced by @brazilian-utils generatePixPayload 2.4 from the same input (e-mail key, amount, txid, description). */
export const BRAZILIAN_UTILS_STATIC_PAYLOAD =
  '00020126530014br.gov.bcb.pix0118fulano@example.com0209Acordo 42520400005303986540510.005802BR5913Jose da Silva6009Sao Paulo62100506ABC12363042124';

/** The dynamic example documented by @brazilian-utils generatePixPayload 2.4. */
export const BRAZILIAN_UTILS_DYNAMIC_PAYLOAD =
  '00020101021226480014br.gov.bcb.pix2526pix.example.com/qr/v2/12345204000053039865802BR5913Fulano de Tal6008Brasilia62070503***6304FC66';

/** Check digits for the first 9 digits of a CPF (Receita Federal's mod-11 rule). */
export function cpfWithCheckDigits(nine: string): string {
  const digit = (base: string): number => {
    const sum = [...base].reduce((total, d, i) => total + Number(d) * (base.length + 1 - i), 0);
    const rest = (sum * 10) % 11;
    return rest === 10 ? 0 : rest;
  };
  const ten = nine + digit(nine);
  return ten + digit(ten);
}

/** Check digits for the first 12 digits of a CNPJ. */
export function cnpjWithCheckDigits(twelve: string): string {
  const digit = (base: string): number => {
    const weights = base.length === 12 ? [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2] : [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2];
    const rest = [...base].reduce((total, d, i) => total + Number(d) * weights[i]!, 0) % 11;
    return rest < 2 ? 0 : 11 - rest;
  };
  const thirteen = twelve + digit(twelve);
  return thirteen + digit(thirteen);
}

/**
 * A Banco do Brasil linha digitável documented by @brazilian-utils getBoletoInfo 2.4: bank
 * 001, factor 7586 (2018-07-15, first cycle), R$ 1.026,56.
 */
export const BRAZILIAN_UTILS_BB_LINE = '00190000090114971860168524522114675860000102656';
