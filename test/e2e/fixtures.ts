// Every page a test lands on must pass axe-core's WCAG 2.2 AA rules. Tests call
// expectAccessible(page) once a page has loaded; to make that hard to forget,
// every page the test opens is watched, and a test that loaded a document it
// never checked fails at the end, naming the addresses it missed.
import { AxeBuilder } from '@axe-core/playwright'
import {
  test as base,
  expect,
  type BrowserContext,
  type Page,
  type TestInfo,
} from '@playwright/test'

export { expect } from '@playwright/test'

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>
type AxeViolation = AxeResults['violations'][number]

interface LoadedDocument {
  url: string
  checked: boolean
}

/** Each watched page's documents, in the order they loaded. */
const documentsOf = new WeakMap<Page, LoadedDocument[]>()
/** Pages whose context has JavaScript switched off. */
const scriptlessPages = new WeakSet<Page>()

class AccessibilityAudit {
  private readonly pages: Page[] = []

  watchContext(context: BrowserContext, options: { javaScriptEnabled: boolean }): void {
    const watch = (page: Page) => {
      if (!options.javaScriptEnabled) scriptlessPages.add(page)
      this.watchPage(page)
    }
    context.on('page', watch)
    context.pages().forEach(watch)
  }

  private watchPage(page: Page): void {
    if (documentsOf.has(page)) return
    const documents: LoadedDocument[] = []
    documentsOf.set(page, documents)
    this.pages.push(page)
    // A new document, not a change of #fragment: a re-rendered form at the same
    // address (say, with errors) is a new page to check.
    page.on('domcontentloaded', () => {
      const url = page.url()
      if (url.startsWith('http')) documents.push({ url, checked: false })
    })
  }

  unchecked(): string[] {
    return this.pages.flatMap((page) =>
      (documentsOf.get(page) ?? []).filter((document) => !document.checked).map(({ url }) => url),
    )
  }
}

function withoutFragment(address: string): string {
  return address.split('#')[0] ?? address
}

function describeViolation(violation: AxeViolation): string {
  const nodes = violation.nodes.map((node) => {
    const target = node.target
      .map((selector) => (Array.isArray(selector) ? selector.join(' >>> ') : selector))
      .join(' → ')
    const summary = (node.failureSummary ?? '')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => (line.startsWith(' ') ? `        ${line.trim()}` : `      ${line}`))
    return [`    - ${target}`, `      ${node.html}`, ...summary].join('\n')
  })
  return [
    `[${violation.impact ?? 'unknown impact'}] ${violation.id}: ${violation.help}`,
    `    ${violation.helpUrl}`,
    ...nodes,
  ].join('\n')
}

/**
 * axe-core cannot run where JavaScript is off: its checks wait on timers, and
 * timers never fire. So the page's document, exactly as the browser built it
 * without scripts, is served at the same address to a fresh page whose own
 * scripts a Content-Security-Policy blocks, and axe-core runs there.
 */
async function analyseScriptlessPage(page: Page): Promise<AxeResults> {
  const browser = page.context().browser()
  if (!browser) throw new Error('The page has no browser to copy it into')
  const address = withoutFragment(page.url())
  const html = await page.content()
  const context = await browser.newContext()
  try {
    const copy = await context.newPage()
    await copy.route(
      (url) => withoutFragment(url.href) === address,
      (route) =>
        route.fulfill({
          status: 200,
          contentType: 'text/html; charset=utf-8',
          headers: { 'content-security-policy': "script-src 'none'" },
          body: html,
        }),
    )
    await copy.goto(address)
    await expect(copy.locator('body')).not.toHaveClass(/\bjs-enabled\b/)
    return await new AxeBuilder({ page: copy }).withTags(WCAG_TAGS).analyze()
  } finally {
    await context.close()
  }
}

/**
 * Waits for the current page to load, runs axe-core with the WCAG 2.2 AA tags
 * and fails, listing each problem and where it is, unless there are none.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await base.step(
    `axe-core finds no WCAG 2.2 AA problems on ${new URL(page.url()).pathname}`,
    async () => {
      await page.waitForLoadState('load')
      const url = page.url()
      const results = scriptlessPages.has(page)
        ? await analyseScriptlessPage(page)
        : await new AxeBuilder({ page }).withTags(WCAG_TAGS).analyze()
      const documents = documentsOf.get(page) ?? []
      const current = documents.at(-1)
      if (current && withoutFragment(current.url) === withoutFragment(url)) current.checked = true
      const problems = results.violations.map(describeViolation)
      if (problems.length > 0) {
        await base.info().attach('axe-core results', {
          body: JSON.stringify(results.violations, null, 2),
          contentType: 'application/json',
        })
      }
      expect(
        problems.length,
        `axe-core found ${problems.length} kinds of accessibility problem on ${url}:\n\n${problems.join('\n\n')}\n`,
      ).toBe(0)
    },
    { box: true },
  )
}

function failUnlessEveryPageChecked(audit: AccessibilityAudit, testInfo: TestInfo): void {
  // If the test already failed, that failure is the one worth reading.
  if (testInfo.status !== testInfo.expectedStatus) return
  expect(
    audit.unchecked(),
    'Pages loaded without an accessibility check: call expectAccessible(page) after each one loads',
  ).toEqual([])
}

interface AccessibilityFixtures {
  accessibilityAudit: AccessibilityAudit
  /** A page in its own context with JavaScript switched off (and watched too). */
  pageWithoutJavaScript: Page
}

export const test = base.extend<AccessibilityFixtures>({
  accessibilityAudit: [
    // eslint-disable-next-line no-empty-pattern -- Playwright needs the object pattern
    async ({}, use, testInfo) => {
      const audit = new AccessibilityAudit()
      await use(audit)
      failUnlessEveryPageChecked(audit, testInfo)
    },
    { auto: true },
  ],

  context: async ({ context, javaScriptEnabled, accessibilityAudit }, use) => {
    accessibilityAudit.watchContext(context, { javaScriptEnabled: javaScriptEnabled !== false })
    await use(context)
  },

  pageWithoutJavaScript: async ({ browser, baseURL, accessibilityAudit }, use) => {
    const context = await browser.newContext({ baseURL, javaScriptEnabled: false })
    accessibilityAudit.watchContext(context, { javaScriptEnabled: false })
    const page = await context.newPage()
    await use(page)
    await context.close()
  },
})
