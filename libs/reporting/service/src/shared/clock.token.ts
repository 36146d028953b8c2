/** The service's clock as a Nest provider (the KPIs' default period ends today). */
export const Clock = Symbol('ReportingClock');
