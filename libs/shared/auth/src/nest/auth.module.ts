import { Module, type DynamicModule, type InjectionToken, type ModuleMetadata, type OptionalFactoryDependency, type Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { TokenVerifier } from '../jwt';
import { AUTH_VERIFIER } from './auth.constants';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RolesGuard } from './roles.guard';

export interface AuthModuleOptions {
  /** Usually `await JwtVerifier.create(authConfigFromEnv(process.env))`. */
  readonly verifier: TokenVerifier;
}

export interface AuthModuleAsyncOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  readonly useFactory: (...args: never[]) => TokenVerifier | Promise<TokenVerifier>;
}

// Order matters: APP_GUARDs run in registration order, so the token is verified (and the
// principal attached) before roles are checked.
const GUARDS: Provider[] = [
  JwtAuthGuard,
  RolesGuard,
  { provide: APP_GUARD, useExisting: JwtAuthGuard },
  { provide: APP_GUARD, useExisting: RolesGuard },
];

/**
 * Import once in each service's root module. Global: every controller and gRPC handler
 * of the app is guarded, and `AUTH_VERIFIER` can be injected anywhere.
 *
 * In a hybrid app (HTTP + gRPC), connect the gRPC microservice with
 * `{ inheritAppConfig: true }`, otherwise Nest does not apply global guards to it.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [{ provide: AUTH_VERIFIER, useValue: options.verifier }, ...GUARDS],
      exports: [AUTH_VERIFIER],
    };
  }

  /** For a verifier built from other providers (configuration service, key loading). */
  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: options.imports ?? [],
      providers: [{ provide: AUTH_VERIFIER, useFactory: options.useFactory, inject: options.inject ?? [] }, ...GUARDS],
      exports: [AUTH_VERIFIER],
    };
  }
}
