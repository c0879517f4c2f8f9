// Command-line tasks for operators: `npm run cli -- <command> [options]`
// (src/command-line.ts), on the real clock.
import { runCommandLine } from './command-line.js'

runCommandLine()
