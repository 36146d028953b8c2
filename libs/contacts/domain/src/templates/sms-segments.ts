// GSM 03.38 default alphabet and its extension table (an extension character costs two septets).
const GSM7_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM7_EXTENSION = new Set('^{}\\[~]|€\f');

export interface SmsSegments {
  readonly encoding: 'GSM-7' | 'UCS-2';
  /** Characters as the network counts them: septets for GSM-7, UTF-16 units for UCS-2. */
  readonly units: number;
  readonly segments: number;
}

/**
 * How many SMS a text costs. One character outside GSM-7 (ã, õ, ç, á, ê... most
 * Portuguese text) turns the whole message into UCS-2: 70 characters for one SMS, 67 a
 * segment once concatenated (the rest carries the concatenation header), against 160/153.
 */
export function countSmsSegments(text: string): SmsSegments {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM7_BASIC.has(char)) septets += 1;
    else if (GSM7_EXTENSION.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return { encoding: 'GSM-7', units: septets, segments: septets === 0 ? 0 : septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}
