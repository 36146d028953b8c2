import { isPiiToken } from '@collections/shared-pii';
import type { LeafColumns } from './leaf';

/**
 * Where an event holds the platform's personal-data tokens (`pii:v1:...`, AES-GCM under
 * the subject's key). The leaf covers the tokens, so destroying a subject's key (erasure)
 * leaves every proof valid; an export can say which fields are then unreadable for good.
 */
export function personalDataFields(columns: Pick<LeafColumns, 'data' | 'metadata'>): string[] {
  const fields: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (isPiiToken(value)) fields.push(at);
    else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${at}[${i}]`));
    else if (typeof value === 'object' && value !== null) for (const [key, item] of Object.entries(value)) walk(item, `${at}.${key}`);
  };
  for (const [name, text] of [['data', columns.data], ['metadata', columns.metadata]] as const) {
    try {
      walk(JSON.parse(text), name);
    } catch {
      // Not JSON (a forged row): nothing to point at; its proof fails anyway.
    }
  }
  return fields;
}
