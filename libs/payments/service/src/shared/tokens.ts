/** The service's clock, for controllers that date a request (today in Brazil) before parsing it. */
export const PAYMENTS_CLOCK = Symbol('PAYMENTS_CLOCK');
/** The use cases' dependencies, for the controllers that read a table before a handler runs (the webhook's secret). */
export const PAYMENTS_DEPS = Symbol('PAYMENTS_DEPS');
