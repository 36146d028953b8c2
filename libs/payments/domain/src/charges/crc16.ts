/**
 * CRC-16/CCITT-FALSE (polynomial 0x1021, initial value 0xFFFF, no reflection, no final
 * XOR), the checksum the BR Code (EMV QRCPS-MPM, object 63) ends with. Computed over the
 * UTF-8 bytes of the text, as the Banco Central's reference implementation does; a
 * payload we generate is ASCII only, so bytes and characters coincide there.
 * Returned as four uppercase hexadecimal digits.
 */
export function crc16Ccitt(text: string): string {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}
