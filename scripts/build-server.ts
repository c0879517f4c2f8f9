// The production build (issue 12): compiles the server to JavaScript in dist/
// and copies beside it every file the compiled code reads at run time from
// next to itself (templates, PDF workers, fonts, the bank holidays), keeping
// src/'s layout, so each file finds the others by the same relative paths as
// under tsx. `node dist/server.js` then runs with no TypeScript at run time.
// The browser assets go to public/ (scripts/build-assets.ts) as before.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, extname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')
const dist = join(root, 'dist')
const require = createRequire(import.meta.url)

/** What the compiled server reads beside itself; everything else in src/ is source. */
const RUNTIME_FILES = new Set(['.njk', '.mjs', '.json', '.ttf', '.txt'])

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    return entry.isDirectory() ? files(path) : [path]
  })
}

// A clean start: a file deleted from src/ must not live on in dist/.
rmSync(dist, { recursive: true, force: true })
const tsc = require.resolve('typescript/bin/tsc')
const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
})
if (compiled.status !== 0) {
  console.error('The server did not compile.')
  process.exit(compiled.status ?? 1)
}
let copied = 0
for (const file of files(src)) {
  // The browser assets (src/web/assets) are built into public/ instead.
  if (!RUNTIME_FILES.has(extname(file)) || file.startsWith(join(src, 'web', 'assets'))) continue
  const target = join(dist, relative(src, file))
  mkdirSync(dirname(target), { recursive: true })
  copyFileSync(file, target)
  copied += 1
}
console.log(`Server compiled into dist/ (${copied} templates and other files copied beside it)`)
