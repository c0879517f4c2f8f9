import type { FastifyInstance } from 'fastify'
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client'

/** Liveness, readiness and Prometheus metrics for whoever runs the service. */
export function operationsRoutes(
  app: FastifyInstance,
  isDatabaseReachable: () => Promise<boolean>,
): void {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  })

  app.addHook('onResponse', (request, reply, done) => {
    // The route pattern, never the raw URL, so labels stay few and hold no data.
    const route = request.routeOptions.url ?? 'not-found'
    requestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    )
    done()
  })

  app.get('/healthz', async () => ({ status: 'ok' }))

  app.get('/readyz', async (_request, reply) => {
    const ready = await isDatabaseReachable()
    return reply
      .status(ready ? 200 : 503)
      .send({ status: ready ? 'ready' : 'database unreachable' })
  })

  app.get('/metrics', async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}
