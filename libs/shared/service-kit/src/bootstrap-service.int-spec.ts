import { Controller, Get } from '@nestjs/common';
import { Public } from '@collections/shared-auth';
import { bootstrapService, type RunningService, type ServiceComposition } from './bootstrap-service';
import { startServiceForTest, type TestService } from './testing';

@Controller('hello')
class HelloController {
  @Public()
  @Get()
  hello() {
    return { hello: 'world' };
  }
}

describe('bootstrapService (PostgreSQL)', () => {
  let kit: TestService<RunningService<ServiceComposition>>;
  let stopped = 0;

  beforeAll(async () => {
    kit = await startServiceForTest('service_kit', (env) =>
      bootstrapService(
        {
          name: 'hello',
          database: env.database.config,
          verifier: env.verifier,
          masterKey: env.masterKey,
          readModelMigrations: [{ version: 1, name: 'greetings', sql: 'CREATE TABLE greeting_view (id text PRIMARY KEY)' }],
          openApi: { title: 'Hello service', description: 'the kit on its own' },
          http: env.http,
          clock: env.clock,
          logLevel: 'silent',
          log: () => undefined,
        },
        async () => ({ controllers: [HelloController], providers: [], stop: async () => void stopped++ }),
      ),
    );
  });
  afterAll(async () => kit?.close());

  it('runs the event store, keys, idempotency and the read models on the one pool the kit owns', async () => {
    expect(kit.service.store.driver).toBe(kit.service.driver);
    expect(kit.service.driver.pool.options.max).toBe(10);
    // the read model's SQL migration ran by the libraries' runner, under the service's own table
    expect(await kit.service.driver.query('SELECT version, name FROM hello_read_model_migrations')).toEqual([{ version: 1, name: 'greetings' }]);
    expect(await kit.service.driver.query('SELECT count(*)::int AS n FROM greeting_view')).toEqual([{ n: 0 }]);
  });

  it('answers the probes, the metrics, the OpenAPI document and the service’s own routes', async () => {
    expect(await kit.call('GET', '/health')).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await kit.call('GET', '/ready')).toMatchObject({ status: 200, body: { status: 'ready' } });
    const metrics = await fetch(`${kit.service.httpUrl}/metrics`);
    expect(await metrics.text()).toMatch(/process_cpu_user_seconds_total/);
    const openApi = await kit.call('GET', '/docs/openapi.json');
    expect(openApi.body.info.title).toBe('Hello service');
    expect(Object.keys(openApi.body.paths)).toContain('/hello');
    expect(await kit.call('GET', '/hello')).toMatchObject({ status: 200, body: { hello: 'world' } });
  });

  it('answers an unknown route with a problem document', async () => {
    const response = await kit.call('GET', '/nowhere');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('stops the service’s background work on close, once, and starts again on the same database', async () => {
    await kit.restart();
    expect(stopped).toBe(1);
    expect(await kit.call('GET', '/ready')).toMatchObject({ status: 200 });
  });
});
