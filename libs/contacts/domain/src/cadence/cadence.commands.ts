import type { IsoInstant } from '@collections/shared-kernel';
import type { CadenceStep } from './cadence.events';

// Commands arrive parsed (the request schemas are the input edge); the decider keeps the
// rules about the cadence itself: ordered steps, unique step ids, versions.

export interface DefineCadence {
  readonly type: 'DefineCadence';
  readonly cadenceId: string;
  readonly name: string;
  readonly segment: string;
  readonly steps: readonly CadenceStep[];
  readonly now: IsoInstant;
  readonly actor: string;
}

export interface ReviseCadence {
  readonly type: 'ReviseCadence';
  readonly cadenceId: string;
  readonly steps: readonly CadenceStep[];
  readonly now: IsoInstant;
  readonly actor: string;
}

export type CadenceCommand = DefineCadence | ReviseCadence;
