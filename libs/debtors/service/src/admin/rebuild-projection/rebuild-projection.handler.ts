import type { ProjectionRunner } from '@collections/shared-nest';
import { done, notFound } from '@collections/shared-service-kit';
import type { Outcome } from '../../shared/outcome';

export interface Rebuild {
  readonly projection: string;
  readonly eventsReplayed: number;
}

/** Empties a read model and replays the whole log into it. */
export class RebuildProjectionHandler {
  constructor(private readonly projections: ProjectionRunner) {}

  async execute(name: string): Promise<Outcome<Rebuild>> {
    try {
      return done({ projection: name, eventsReplayed: await this.projections.rebuild(name) });
    } catch (error) {
      if ((error as Error).message.startsWith('no projection')) return notFound((error as Error).message);
      throw error;
    }
  }
}
