/**
 * The two check-digit rules of the boleto de cobrança (Carta-Circular BCB 2.926/2000,
 * FEBRABAN layout).
 */

/**
 * Módulo 10 of each linha digitável field: weights 2, 1, 2, 1... from the rightmost digit,
 * the digits of each product summed (so 7 x 2 = 14 counts 1 + 4), and the digit that
 * brings the sum to the next multiple of ten (0 when it already is one).
 */
export function mod10(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = weight === 2 ? 1 : 2) {
    const product = Number(digits[i]) * weight;
    sum += product > 9 ? product - 9 : product;
  }
  return (10 - (sum % 10)) % 10;
}

/**
 * Módulo 11 of the barcode's general check digit (position 5), over the other 43 digits:
 * weights 2 to 9 from the rightmost digit, repeating; the digit is 11 minus the remainder,
 * and a result of 0, 10 or 11 becomes 1 (a barcode never carries a general digit 0).
 */
export function boletoMod11(digits: string): number {
  let sum = 0;
  for (let i = digits.length - 1, weight = 2; i >= 0; i--, weight = weight === 9 ? 2 : weight + 1) {
    sum += Number(digits[i]) * weight;
  }
  const digit = 11 - (sum % 11);
  return digit === 0 || digit === 10 || digit === 11 ? 1 : digit;
}
