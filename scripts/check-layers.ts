// Keeps DESIGN.md's dependency direction: web/jobs → services → domain + data.
// Fails `npm run lint` when a file imports from a layer it must not know.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

/** For each layer, the layers its files may import values from. */
const ALLOWED: Record<string, string[]> = {
  domain: ['domain'],
  data: ['data', 'domain', 'config.ts'],
  services: ['services', 'data', 'domain', 'config.ts', 'integrations'],
  integrations: ['integrations', 'domain', 'config.ts'],
  jobs: ['jobs', 'services', 'domain', 'config.ts'],
  web: ['web', 'services', 'domain', 'config.ts'],
}

/** Type-only imports may also reach these (plain shapes, no behaviour). */
const TYPE_ONLY_EXTRA: Record<string, string[]> = {
  web: ['data'],
  jobs: ['data'],
}

function files(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name)
    if (entry.isDirectory()) return files(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

function layerOf(path: string): string {
  return relative(src, path).split(sep)[0] ?? ''
}

export function findLayerViolations(): string[] {
  const problems: string[] = []
  const importPattern = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm
  for (const file of files(src)) {
    const layer = layerOf(file)
    const allowed = ALLOWED[layer]
    if (!allowed) continue
    const text = readFileSync(file, 'utf8')
    for (const match of text.matchAll(importPattern)) {
      const typeOnly = match[2] !== undefined
      const resolved = resolve(dirname(file), match[3] ?? '').replace(/\.js$/, '.ts')
      const target = layerOf(resolved)
      // A unit test may share a test fixture (a hostile PDF, say) with the other test tiers.
      const sharedFixture =
        file.endsWith('.test.ts') && resolved.startsWith(join(root, 'test', 'support') + sep)
      const ok =
        sharedFixture ||
        allowed.includes(target) ||
        (typeOnly && (TYPE_ONLY_EXTRA[layer] ?? []).includes(target))
      if (!ok) {
        problems.push(`${relative(root, file)}: ${layer}/ must not import ${target} (${match[3]})`)
      }
    }
  }
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = findLayerViolations()
  if (problems.length > 0) {
    console.error(`Layer rule broken (see DESIGN.md, "Architecture"):\n${problems.join('\n')}`)
    process.exit(1)
  }
  console.log('Layers: every import points the allowed way.')
}
