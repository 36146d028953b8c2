/** The services `npm run platform` starts, each as its own process (tools/platform/main.ts). */

/** Each service: its name (the env prefix is its upper case), its default ports, what else it needs. */
export interface PlatformService {
  readonly name: string;
  readonly http: number;
  readonly grpc: number;
  readonly env?: (shared: Shared) => Record<string, string>;
}

export interface Shared {
  readonly debtorsUrl: string;
  readonly smtpUrl: string;
  readonly bureaus: { readonly serasa: string; readonly spc: string; readonly boavista: string; readonly cenprot: string };
}

/** The file in the platform's data dir whose offset (`P11D`, milliseconds) every service's clock adds to the system time. */
export const CLOCK_OFFSET_FILE = 'clock-offset';

/** In start order: debtors first (the others read debts through its API). Ports apart from `npm start`'s. */
export const PLATFORM_SERVICES: readonly PlatformService[] = [
  { name: 'debtors', http: 3100, grpc: 50151 },
  { name: 'contacts', http: 3101, grpc: 50152, env: (s) => ({ SMTP_URL: s.smtpUrl, SMTP_FROM: '"Cobrança Credor Demonstração" <cobranca@credor-demo.example>', CONTACTS_PUBLIC_URL: 'http://127.0.0.1:3101', NEGOTIATION_URL: `http://127.0.0.1:${process.env['PLATFORM_NEGOTIATION_HTTP_PORT'] ?? 3102}` }) },
  { name: 'negotiation', http: 3102, grpc: 50153 },
  { name: 'payments', http: 3103, grpc: 50154 },
  { name: 'legal', http: 3104, grpc: 50155, env: (s) => ({ SERASA_URL: s.bureaus.serasa, SPC_URL: s.bureaus.spc, BOAVISTA_URL: s.bureaus.boavista, CENPROT_URL: s.bureaus.cenprot }) },
  { name: 'reporting', http: 3105, grpc: 50156 },
];

