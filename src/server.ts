import { loadConfig } from './config.js'
import { runServer } from './start-server.js'

runServer(() => loadConfig())
