/**
 * Event schemas evolve by upcasting at read time: stored rows are never rewritten
 * (they are facts, and the hash chain covers them). An upcaster turns the data of
 * one event type from schema version N into N + 1; readers chain them up to the
 * newest version.
 */
export interface Upcaster {
  readonly eventType: string;
  readonly fromSchemaVersion: number;
  upcast(data: unknown): unknown;
}

export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = `${upcaster.eventType}@${upcaster.fromSchemaVersion}`;
      if (this.byKey.has(key)) throw new Error(`Two upcasters for ${key}`);
      this.byKey.set(key, upcaster);
    }
  }

  upcast(eventType: string, schemaVersion: number, data: unknown): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let next = this.byKey.get(`${eventType}@${version}`); next; next = this.byKey.get(`${eventType}@${version}`)) {
      current = next.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }
}
