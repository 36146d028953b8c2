import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Controller, Get, type INestApplication, type INestMicroservice } from '@nestjs/common';
import { GrpcMethod, Transport } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import request from 'supertest';
import { TenantId, type TenantId as Tenant } from '@collections/shared-kernel';
import { freePort } from '@collections/shared-testing';
import { JwtVerifier, TokenIssuer, devAuthConfig, loadOrCreateDevKey, type DevKey } from '../jwt';
import type { Principal, Role } from '../principal';
import { AuthModule } from './auth.module';
import { CurrentPrincipal, CurrentTenant, Public, Roles } from './decorators';

@Controller('health')
@Public()
class HealthController {
  @Get()
  health(): { status: string } {
    return { status: 'ok' };
  }
}

@Controller('cases')
@Roles('supervisor', 'admin')
class CasesController {
  @Get()
  list(@CurrentPrincipal() principal: Principal, @CurrentTenant() tenant: Tenant): { principal: Principal; tenant: Tenant } {
    return { principal, tenant };
  }

  // The handler's @Roles replaces the controller's.
  @Get('mine')
  @Roles('agent')
  mine(@CurrentPrincipal() principal: Principal): { subject: string } {
    return { subject: principal.subject };
  }

  @Get('docs')
  @Public()
  docs(): string {
    return 'open';
  }
}

@Controller('status')
@Public()
class StatusController {
  @Get()
  status(): string {
    return 'up';
  }

  // @Roles on the handler closes it even in a @Public() controller.
  @Get('audit')
  @Roles('auditor')
  audit(@CurrentTenant() tenant: Tenant): { tenant: Tenant } {
    return { tenant };
  }
}

@Controller('me')
class MeController {
  // No @Roles: any valid token.
  @Get()
  me(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

const PROTO = `
syntax = "proto3";
package authprobe;
service Probe {
  rpc WhoAmI (Empty) returns (Caller);
  rpc Purge (Empty) returns (Caller);
}
message Empty {}
message Caller { string subject = 1; string tenant_id = 2; repeated string roles = 3; }
`;

@Controller()
class ProbeGrpcController {
  @GrpcMethod('Probe', 'WhoAmI')
  whoAmI(_request: unknown, @CurrentPrincipal() principal: Principal): { subject: string; tenant_id: string; roles: readonly Role[] } {
    return { subject: principal.subject, tenant_id: principal.tenantId, roles: principal.roles };
  }

  @GrpcMethod('Probe', 'Purge')
  @Roles('admin')
  purge(_request: unknown, @CurrentPrincipal() principal: Principal): { subject: string; tenant_id: string; roles: readonly Role[] } {
    return { subject: principal.subject, tenant_id: principal.tenantId, roles: principal.roles };
  }
}

const acme = TenantId.parse('acme');

describe('AuthModule guards', () => {
  let dir: string;
  let devKey: DevKey;
  let issuer: TokenIssuer;
  let verifier: JwtVerifier;

  const tokenFor = (...roles: Role[]): Promise<string> => issuer.mint({ subject: 'user-1', tenantId: acme, roles, ttlSeconds: 300 });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'shared-auth-guard-'));
    devKey = await loadOrCreateDevKey(dir);
    const config = devAuthConfig(devKey);
    issuer = new TokenIssuer(devKey, config);
    verifier = await JwtVerifier.create(config);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  describe('over HTTP', () => {
    let app: INestApplication;

    beforeAll(async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [AuthModule.forRoot({ verifier })],
        controllers: [HealthController, CasesController, StatusController, MeController],
      }).compile();
      app = moduleRef.createNestApplication({ logger: false });
      await app.init();
    });

    afterAll(async () => {
      await app.close();
    });

    it('answers 401 with a Bearer challenge when no token is sent', async () => {
      const response = await request(app.getHttpServer()).get('/cases').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="collections"');
      expect(response.body).toMatchObject({ statusCode: 401, message: 'missing bearer token (send Authorization: Bearer <jwt>)' });
    });

    it('treats another authorization scheme as no token', async () => {
      const response = await request(app.getHttpServer()).get('/me').set('Authorization', 'Basic dXNlcjpwYXNz').expect(401);
      expect(response.headers['www-authenticate']).toBe('Bearer realm="collections"');
    });

    it('answers 401 invalid_token with the reason when the token is bad', async () => {
      const otherDir = await mkdtemp(path.join(tmpdir(), 'shared-auth-guard-other-'));
      try {
        const forged = await new TokenIssuer(await loadOrCreateDevKey(otherDir)).mint({ subject: 'x', tenantId: acme, roles: ['admin'], ttlSeconds: 60 });
        const response = await request(app.getHttpServer()).get('/cases').set('Authorization', `Bearer ${forged}`).expect(401);
        expect(response.headers['www-authenticate']).toBe('Bearer realm="collections", error="invalid_token", error_description="invalid signature"');
        expect(response.body).toMatchObject({ message: 'invalid signature' });
      } finally {
        await rm(otherDir, { recursive: true, force: true });
      }
    });

    it('answers 401 for a malformed token and keeps quotes out of the challenge', async () => {
      const response = await request(app.getHttpServer()).get('/me').set('Authorization', 'Bearer not.a-jwt').expect(401);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer realm="collections", error="invalid_token", error_description="malformed token[^"]*"$/);
    });

    it('answers 403 naming the roles when the caller lacks them', async () => {
      const response = await request(app.getHttpServer())
        .get('/cases')
        .set('Authorization', `Bearer ${await tokenFor('agent')}`)
        .expect(403);
      expect(response.body).toMatchObject({ statusCode: 403, message: 'requires one of roles: supervisor, admin' });
    });

    it('answers 200 with the right role and hands the principal and its tenant to the handler', async () => {
      const response = await request(app.getHttpServer())
        .get('/cases')
        .set('Authorization', `Bearer ${await tokenFor('supervisor')}`)
        .expect(200);
      expect(response.body).toEqual({ principal: { subject: 'user-1', tenantId: 'acme', roles: ['supervisor'], tokenId: expect.any(String) }, tenant: 'acme' });
    });

    it('lets a handler @Roles replace the controller @Roles', async () => {
      await request(app.getHttpServer()).get('/cases/mine').set('Authorization', `Bearer ${await tokenFor('agent')}`).expect(200, { subject: 'user-1' });
      await request(app.getHttpServer()).get('/cases/mine').set('Authorization', `Bearer ${await tokenFor('admin')}`).expect(403);
    });

    it('needs only a valid token on a route without @Roles', async () => {
      await request(app.getHttpServer()).get('/me').set('Authorization', `Bearer ${await tokenFor('auditor')}`).expect(200);
      await request(app.getHttpServer()).get('/me').expect(401);
    });

    it('leaves @Public() controllers and routes open', async () => {
      await request(app.getHttpServer()).get('/health').expect(200, { status: 'ok' });
      await request(app.getHttpServer()).get('/cases/docs').expect(200, 'open');
      await request(app.getHttpServer()).get('/status').expect(200, 'up');
    });

    it('still requires a token for a handler with @Roles inside a @Public() controller', async () => {
      await request(app.getHttpServer()).get('/status/audit').expect(401);
      await request(app.getHttpServer()).get('/status/audit').set('Authorization', `Bearer ${await tokenFor('agent')}`).expect(403);
      await request(app.getHttpServer()).get('/status/audit').set('Authorization', `Bearer ${await tokenFor('auditor')}`).expect(200, { tenant: 'acme' });
    });
  });

  describe('over gRPC', () => {
    let microservice: INestMicroservice;
    let client: grpc.Client & Record<string, (request: object, metadata: grpc.Metadata, callback: (error: grpc.ServiceError | null, reply?: unknown) => void) => void>;

    beforeAll(async () => {
      const protoPath = path.join(dir, 'probe.proto');
      await writeFile(protoPath, PROTO);
      const url = `127.0.0.1:${await freePort()}`;
      const moduleRef = await Test.createTestingModule({
        imports: [AuthModule.forRoot({ verifier })],
        controllers: [ProbeGrpcController],
      }).compile();
      microservice = moduleRef.createNestMicroservice({ transport: Transport.GRPC, options: { package: 'authprobe', protoPath, url, loader: { keepCase: true } }, logger: false });
      await microservice.listen();
      const loaded = grpc.loadPackageDefinition(loadSync(protoPath, { keepCase: true })) as any;
      client = new loaded.authprobe.Probe(url, grpc.credentials.createInsecure());
    });

    afterAll(async () => {
      client?.close();
      await microservice?.close();
    });

    function call(method: 'WhoAmI' | 'Purge', token?: string): Promise<{ error: grpc.ServiceError | null; reply?: unknown }> {
      const metadata = new grpc.Metadata();
      if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
      return new Promise((resolve) => client[method]!({}, metadata, (error, reply) => resolve({ error, reply })));
    }

    it('refuses a call without a token with UNAUTHENTICATED', async () => {
      const { error } = await call('WhoAmI');
      expect(error).toMatchObject({ code: grpc.status.UNAUTHENTICATED, details: 'missing bearer token (send Authorization: Bearer <jwt>)' });
    });

    it('refuses a call with a bad token with UNAUTHENTICATED and the reason', async () => {
      const { error } = await call('WhoAmI', 'garbage');
      expect(error?.code).toBe(grpc.status.UNAUTHENTICATED);
      expect(error?.details).toMatch(/^malformed token/);
    });

    it('refuses a caller without the role with PERMISSION_DENIED', async () => {
      const { error } = await call('Purge', await tokenFor('agent'));
      expect(error).toMatchObject({ code: grpc.status.PERMISSION_DENIED, details: 'requires one of roles: admin' });
    });

    it('hands the principal from the call metadata to the handler', async () => {
      await expect(call('WhoAmI', await tokenFor('integrator'))).resolves.toEqual({
        error: null,
        reply: { subject: 'user-1', tenant_id: 'acme', roles: ['integrator'] },
      });
      const admin = await call('Purge', await tokenFor('admin'));
      expect(admin.error).toBeNull();
    });
  });
});
