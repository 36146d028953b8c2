import type { StoreTransaction } from '@collections/shared-event-store';

/** Shown in place of personal data whose key was destroyed (LGPD art. 18 erasure). */
export const ERASED_TEXT = '[erased]';

/**
 * Encrypts one value of one data subject (a debtor) and reveals it again while the
 * subject's key exists. Implemented over @collections/shared-pii.
 */
export interface PersonalDataProtector {
  protect(subjectId: string, tenantId: string, value: unknown, transaction?: StoreTransaction): Promise<string>;
  /** The value, or `undefined` when the subject's key was destroyed (the key read in `transaction` when given). */
  reveal(subjectId: string, token: string, transaction?: StoreTransaction): Promise<unknown>;
  isToken(value: unknown): value is string;
  erase(subjectId: string, tenantId: string): Promise<void>;
  /** Makes (or loads) the keys of many subjects at once, ahead of a bulk write. */
  prepare(subjectIds: readonly string[], tenantId: string): Promise<void>;
}

type Json = unknown;

/**
 * Applies `transform` to the value at each path (`a.b`, `list[*].field`) of a JSON
 * value, returning a new value; missing paths and nulls are left alone.
 */
export async function mapPaths(value: Json, paths: readonly string[], transform: (v: Json) => Promise<Json>): Promise<Json> {
  let result: Json = structuredClone(value);
  for (const path of paths) result = await mapPath(result, path.split('.'), transform);
  return result;
}

async function mapPath(value: Json, segments: readonly string[], transform: (v: Json) => Promise<Json>): Promise<Json> {
  if (value === null || value === undefined) return value;
  const [head, ...rest] = segments;
  if (head === undefined) return transform(value);
  const isList = head.endsWith('[*]');
  const key = isList ? head.slice(0, -3) : head;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, Json>;
  if (!(key in record)) return value;
  if (isList) {
    const list = record[key];
    if (!Array.isArray(list)) return value;
    record[key] = await Promise.all(list.map((item) => mapPath(item, rest, transform)));
  } else {
    record[key] = await mapPath(record[key], rest, transform);
  }
  return record;
}
