// The app as its own process, started as in production (`node` on the built
// JavaScript when the project has a build, otherwise through tsx, as `npm
// start` does), so its memory is its own: the peak resident set size is read
// from the kernel (VmHWM) when it stops, load generator and data generation
// excluded.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'

export interface ServerCommand {
  readonly args: readonly string[]
  /** How it is run, for the report. */
  readonly label: string
}

/** Where a build may leave the server's entry point. */
const BUILT_ENTRIES = ['dist/server.js', 'dist/src/server.js']

/**
 * How the server is run. BENCH_SERVER=tsx runs the TypeScript through tsx;
 * BENCH_SERVER=dist runs the built JavaScript as it is; by default, a project
 * with `npm run build` is built first (so the figures are of the code as it
 * is, not of an old build) and run with plain node, and one without runs
 * through tsx.
 */
export function serverCommand(root: string): ServerCommand {
  if (!existsSync(join(root, 'public'))) {
    console.log('Building the stylesheets and scripts (npm run build:assets)…')
    execFileSync('npm', ['run', 'build:assets'], { cwd: root, stdio: 'inherit' })
  }
  const choice = process.env.BENCH_SERVER ?? 'auto'
  const tsx: ServerCommand = {
    args: ['--import', 'tsx', join(root, 'src/server.ts')],
    label: 'node --import tsx src/server.ts',
  }
  if (choice === 'tsx') return tsx
  if (choice === 'auto') {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts?: Record<string, string>
      }
    ).scripts
    if (scripts?.build === undefined) return tsx
    console.log('Building the server (npm run build)…')
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' })
  }
  const entry = BUILT_ENTRIES.find((path) => existsSync(join(root, path)))
  if (entry === undefined) {
    throw new Error(`No built server at ${BUILT_ENTRIES.join(' or ')}: run npm run build`)
  }
  // As `npm start` runs it: the heap capped by NODE_HEAP_MB (default 192 MB).
  const heap = `--max-old-space-size=${process.env.NODE_HEAP_MB ?? '192'}`
  return { args: [heap, join(root, entry)], label: `node ${heap} ${entry}` }
}

export interface AppServer {
  readonly base: string
  readonly startSeconds: number
  /** Stops the server and returns its peak resident set size in bytes (null off Linux). */
  stop(): Promise<number | null>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  if (address === null || typeof address === 'string') throw new Error('No port')
  return address.port
}

function peakRssBytes(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const kilobytes = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]
    return kilobytes === undefined ? null : Number(kilobytes) * 1024
  } catch {
    return null
  }
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => child.once('exit', () => resolve()))
}

/** Starts the server with these settings on a free port of 127.0.0.1 and waits until it answers. */
export async function startAppServer(
  command: ServerCommand,
  env: Readonly<Record<string, string>>,
): Promise<AppServer> {
  const port = await freePort()
  const started = performance.now()
  const child = spawn(process.execPath, command.args, {
    env: {
      PATH: process.env.PATH ?? '',
      // As `npm start` sets them (docs/deployment.md, "Memory").
      MALLOC_ARENA_MAX: '2',
      MALLOC_MMAP_THRESHOLD_: '131072',
      ...env,
      HOST: '127.0.0.1',
      PORT: String(port),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000)
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server stopped at start: ${stderr}`)
    if (performance.now() - started > 120_000) {
      child.kill('SIGKILL')
      throw new Error(`The server did not answer within 2 minutes: ${stderr}`)
    }
    const ready = await fetch(`${base}/healthz`)
      .then(async (response) => {
        await response.arrayBuffer()
        return response.ok
      })
      .catch(() => false)
    if (ready) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return {
    base,
    startSeconds: (performance.now() - started) / 1000,
    stop: async () => {
      // Read before it stops: its /proc entry goes with it.
      const peak = child.pid === undefined ? null : peakRssBytes(child.pid)
      const stopping = exited(child)
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
      await stopping
      clearTimeout(timer)
      return peak
    },
  }
}
