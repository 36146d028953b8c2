import type { Role } from '@collections/shared-auth';

/** Who reads the KPIs: supervisors steer by them, auditors check them, admins run the service. */
export const REPORTING_ROLES: readonly Role[] = ['supervisor', 'auditor', 'admin'];
