export * from './recording-http-server';
export * from './local-smtp-server';
export * from './fake-dialer-server';
