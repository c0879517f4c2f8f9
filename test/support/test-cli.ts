// The command line as the tests run it: the real one (src/command-line.ts) on
// the suite's clock (TEST_TODAY), so what it stamps and loads (the demo data's
// deadlines, a token's expiry) is dated like everything else in the test.
import { runCommandLine } from '../../src/command-line.js'
import { testClock } from './test-clock.js'

runCommandLine({ now: testClock })
