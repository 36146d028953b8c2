/**
 * The hostile-input sweep every route meets before it ships: each leaf of a valid body
 * replaced in turn by values a careless or malicious client sends (NUL bytes, lone
 * surrogates, nesting thousands deep, numbers past 2^53, dates outside 0001-9999, rates
 * in exponent form), and the answer checked to be a 4xx problem naming the field.
 */

/** Every leaf of a body, with its path. */
export function leaves(node: unknown, at: (string | number)[] = []): { path: (string | number)[]; value: unknown }[] {
  if (Array.isArray(node)) return node.flatMap((child, i) => leaves(child, [...at, i]));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, child]) => leaves(child, [...at, k]));
  return [{ path: at, value: node }];
}

/** A copy of the body with the leaf at `path` replaced. */
export function replaced(body: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/** Hostile replacements for a leaf, as raw JSON text (some cannot be built as JS values). */
export function hostileValues(value: unknown): { label: string; json: string }[] {
  const out = [{ label: 'nested 5,000 deep', json: '['.repeat(5_000) + ']'.repeat(5_000) }];
  if (typeof value === 'string') {
    out.push({ label: 'NUL', json: JSON.stringify(`${value}\u0000x`) }, { label: 'lone surrogate', json: `"${value}\\ud800"` });
    if (/^\d{4}-\d{2}-\d{2}$/.test(value)) out.push({ label: 'year 0000', json: '"0000-01-01"' }, { label: 'year 10000', json: '"10000-01-01"' }, { label: 'last day', json: '"9999-12-31"' });
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) out.push({ label: 'instant in year 0000', json: '"0000-01-01T00:00:00Z"' }, { label: 'instant in year 10000', json: '"10000-01-01T00:00:00Z"' }, { label: 'no such day', json: '"2026-02-30T00:00:00Z"' });
    if (/^0\.\d+$/.test(value)) out.push({ label: 'rate 1e300', json: '"1e300"' }, { label: 'rate of 40 digits', json: `"${'9'.repeat(40)}"` });
  }
  if (typeof value === 'number') out.push({ label: '2^53 + 2', json: '9007199254740994' }, { label: '1e300', json: '1e300' }, { label: '-1e300', json: '-1e300' });
  return out;
}

/** The raw JSON body with the leaf at `path` replaced by a hostile value's text. */
export function hostileBody(valid: unknown, path: (string | number)[], hostile: { readonly json: string }): string {
  return JSON.stringify(replaced(valid, path, '__HOSTILE__')).replace('"__HOSTILE__"', hostile.json);
}

/** A 4xx problem+json whose field errors name the field (or its last path segment). */
export function isProblemNaming(response: { status: number; body: any; headers: Headers }, field: string | number | undefined): boolean {
  return (
    response.status >= 400 &&
    response.status < 500 &&
    /application\/problem\+json/.test(response.headers.get('content-type') ?? '') &&
    (field === undefined || JSON.stringify(response.body?.errors ?? response.body).includes(String(field)))
  );
}
