import { loadConfig } from './config.js'
import { startRuntime } from './bootstrap.js'
import { buildApp } from './web/app.js'

async function main(): Promise<void> {
  const config = loadConfig()
  const runtime = await startRuntime(config)
  const app = await buildApp({
    config,
    services: runtime.services,
    isDatabaseReachable: () => runtime.database.isReachable(),
  })

  if (config.loadDemoData) {
    const added = await runtime.services.loadDemoData(config.demoPassword)
    app.log.info({ added }, 'demo data checked')
  }
  const purged = await runtime.services.sessions.purgeExpired()
  app.log.info({ purged }, 'expired sessions removed')

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    app.log.info({ signal }, 'stopping')
    await app.close()
    await runtime.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exit(1)
})
