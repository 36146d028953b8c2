import type { Clock, IsoDate } from '@collections/shared-kernel';

const BRAZIL = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo' });

/** The business date (Brazil's calendar) of an instant, e.g. an event's time from another context. */
export function businessDateOf(instant: string): IsoDate {
  return BRAZIL.format(new Date(instant)) as IsoDate;
}

/** Brazil's calendar: "today" for balances and aging is a date there, not in UTC. */
export class BusinessCalendar {
  private readonly format: Intl.DateTimeFormat;

  constructor(
    private readonly clock: Clock,
    timeZone = 'America/Sao_Paulo',
  ) {
    this.format = new Intl.DateTimeFormat('en-CA', { timeZone });
  }

  today(): string {
    return this.format.format(this.clock.now());
  }

  /** The instant a command is stamped with. */
  now(): string {
    return this.clock.now().toISOString();
  }
}
