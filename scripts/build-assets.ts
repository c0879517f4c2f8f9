// Compiles the stylesheet and copies the browser assets into public/, which the
// server serves at /assets. Run by `npm start` and the browser tests.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist', 'govuk')
const assets = join(root, 'src', 'web', 'assets')
const output = join(root, 'public')

mkdirSync(join(output, 'stylesheets'), { recursive: true })
mkdirSync(join(output, 'javascripts'), { recursive: true })
mkdirSync(join(output, 'images'), { recursive: true })

const css = sass.compile(join(assets, 'application.scss'), {
  loadPaths: [join(root, 'node_modules')],
  style: 'compressed',
  quietDeps: true,
  silenceDeprecations: ['import'],
})
writeFileSync(join(output, 'stylesheets', 'application.css'), css.css)
copyFileSync(
  join(govukDist, 'govuk-frontend.min.js'),
  join(output, 'javascripts', 'govuk-frontend.min.js'),
)
copyFileSync(join(assets, 'application.mjs'), join(output, 'javascripts', 'application.mjs'))
copyFileSync(join(assets, 'images', 'favicon.svg'), join(output, 'images', 'favicon.svg'))
console.log('Assets built into public/')
