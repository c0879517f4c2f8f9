// Every page a test lands on must pass axe-core's WCAG 2.2 AA rules and fit a
// 390-pixel phone without scrolling sideways (issue 8). Tests call
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

/** The narrowest phone the service is checked on (issue 8): an iPhone 12 to 15 is 390 px wide. */
export const PHONE_WIDTH = 390

interface Overflow {
  scrollWidth: number
  clientWidth: number
  /** The outermost elements that stick out on the right, to say what to fix. */
  culprits: string[]
}

/**
 * How wide the page is compared with the window, and the outermost elements
 * that stick out on the right (outside any container that scrolls on its own,
 * like a wide table's), to say what to fix. Run in the page as text: the tests
 * are type-checked without the DOM's types.
 */
const MEASURE_OVERFLOW = `(() => {
  const root = document.documentElement
  const clientWidth = root.clientWidth
  const sticksOut = (element) => element.getBoundingClientRect().right > clientWidth + 0.5
  const scrollsOnItsOwn = (element) => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(node).overflowX)) return true
    }
    return false
  }
  const culprits = []
  // Looked for only when the page is too wide: most pages fit, and stay quick.
  if (root.scrollWidth <= clientWidth) return { scrollWidth: root.scrollWidth, clientWidth, culprits }
  for (const element of document.body.querySelectorAll('*')) {
    if (culprits.length >= 5) break
    if (element.getBoundingClientRect().width === 0 || !sticksOut(element)) continue
    const parent = element.parentElement
    if (parent && parent !== document.body && sticksOut(parent)) continue
    if (scrollsOnItsOwn(element)) continue
    const classes = typeof element.className === 'string' && element.className.trim()
      ? '.' + element.className.trim().split(/\\s+/).join('.') : ''
    culprits.push(element.tagName.toLowerCase() + (element.id ? '#' + element.id : '') + classes +
      ' (right edge ' + Math.round(element.getBoundingClientRect().right) + ' px)')
  }
  return { scrollWidth: root.scrollWidth, clientWidth, culprits }
})()`

async function measureOverflow(page: Page): Promise<Overflow> {
  return page.evaluate<Overflow>(MEASURE_OVERFLOW)
}

/**
 * Checks the page at a phone's width (issue 8): at 390 CSS pixels it must not
 * scroll sideways (wide tables scroll inside their own container). The window
 * goes back to its size afterwards, so the test carries on as it was.
 */
async function expectFitsPhone(page: Page, url: string): Promise<void> {
  const before = page.viewportSize()
  await page.setViewportSize({ width: PHONE_WIDTH, height: before?.height ?? 844 })
  try {
    const overflow = await measureOverflow(page)
    expect(
      overflow.scrollWidth,
      `${url} is ${overflow.scrollWidth} px wide at ${PHONE_WIDTH} px, so it scrolls sideways on a phone. Sticking out: ${overflow.culprits.join('; ') || 'nothing found'}`,
    ).toBeLessThanOrEqual(overflow.clientWidth)
  } finally {
    if (before) await page.setViewportSize(before)
  }
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
    const results = await new AxeBuilder({ page: copy }).withTags(WCAG_TAGS).analyze()
    // The page as built without scripts must fit a phone too.
    await expectFitsPhone(copy, address)
    return results
  } finally {
    await context.close()
  }
}

/**
 * Waits for the current page to load, runs axe-core with the WCAG 2.2 AA tags
 * and fails, listing each problem and where it is, unless there are none; then
 * checks that the page fits a 390-pixel phone without scrolling sideways.
 */
export async function expectAccessible(page: Page): Promise<void> {
  await base.step(
    `axe-core finds no WCAG 2.2 AA problems on ${new URL(page.url()).pathname}, and it fits a ${PHONE_WIDTH}-pixel phone`,
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
      if (!scriptlessPages.has(page)) await expectFitsPhone(page, url)
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
