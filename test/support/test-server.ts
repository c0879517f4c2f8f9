// The server the browser tests and the crash test drive: the real one
// (src/start-server.ts) on the suite's clock, so "today" is TEST_TODAY (or the suite's default day) and never
// the day the tests happen to run. Production starts from src/server.ts, which
// reads no test setting.
import { loadConfig } from '../../src/config.js'
import { runServer } from '../../src/start-server.js'
import { testClock } from './test-clock.js'

runServer(() => loadConfig(), { now: testClock })
