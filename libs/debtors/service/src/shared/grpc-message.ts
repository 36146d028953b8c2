// proto3 has no "absent" for scalars: an empty string or a zero-amount Money means "not sent".

/** A decoded gRPC request message (proto-loader: camelCase fields, enums as strings). */
export type GrpcMessage = Readonly<Record<string, unknown>>;

/** A string field, or undefined when not sent (""). */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** A string field that is a path id in REST: "" when not sent, which no resource has. */
export const id = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A Money message, or undefined when not sent (no currency). */
export const moneyIn = (v: unknown): { amount: number; currency: string } | undefined => {
  const m = v as { amount?: number | string; currency?: string } | null | undefined;
  return m && m.currency ? { amount: Number(m.amount ?? 0), currency: m.currency } : undefined;
};

/** The message's fields without the ones not sent, for the request's parser. */
export const defined = (o: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/** A repeated field (proto-loader gives [] with `defaults: true`, but a hand-made message may omit it). */
export const list = (v: unknown): GrpcMessage[] => (Array.isArray(v) ? (v as GrpcMessage[]) : []);
