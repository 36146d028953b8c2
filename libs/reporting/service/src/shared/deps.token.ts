/** The reporting deps as a Nest provider. */
export const ReportingDepsToken = Symbol('ReportingDeps');
