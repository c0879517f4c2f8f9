// Finds text that is still in a PDF under a dark box drawn over it: a
// "redaction" that only covers the words, which anyone can copy out or uncover
// by deleting the box (S17: how families have been identified). Runs inside the
// PDF worker (plain JavaScript, no loader), on pdf.js's operator list.
//
// The operator list is the page's drawing in order, with form XObjects and
// annotation appearances inlined, so "drawn over" is "drawn later". We follow
// the graphics state (transform, fill colour, fill opacity, text state) as
// pdf.js's canvas does, place each glyph in page space, and for each opaque
// dark filled rectangle mark the glyphs drawn before it that it covers.
import { OPS } from 'unpdf/pdfjs'

const IDENTITY = [1, 0, 0, 1, 0, 0]
const DEFAULT_FONT_MATRIX = [0.001, 0, 0, 0.001, 0, 0]
const FILL_OPS = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
])
// pdf.js's path operators inside constructPath's data.
const PATH_MOVE = 0
const PATH_LINE = 1
const PATH_CURVE = 2
const PATH_QUADRATIC = 3
const PATH_CLOSE = 4

/**
 * A fill at or below this brightness (0 black, 1 white) hides black text: black,
 * near-black, dark grey or navy, the colours people choose for a redaction box.
 */
const DARK_BRIGHTNESS = 0.3
/** A box one can see through is not hiding anything. */
const OPAQUE_ALPHA = 0.9

function multiply(m1, m2) {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ]
}

function apply(m, x, y) {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]]
}

function isMatrix(value) {
  return (
    (Array.isArray(value) || ArrayBuffer.isView(value)) &&
    value.length === 6 &&
    Array.from(value).every(Number.isFinite)
  )
}

/** Brightness 0..1 of pdf.js's fill colour ('#rrggbb', or three bytes). */
function brightnessOf(colour) {
  let rgb
  if (typeof colour === 'string' && /^#[0-9a-f]{6}$/i.test(colour)) {
    rgb = [1, 3, 5].map((at) => parseInt(colour.slice(at, at + 2), 16))
  } else if ((Array.isArray(colour) || ArrayBuffer.isView(colour)) && colour.length >= 3) {
    rgb = [colour[0], colour[1], colour[2]]
  } else {
    return null
  }
  const [r, g, b] = rgb
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255
}

function freshState() {
  return {
    ctm: IDENTITY,
    fill: '#000000',
    fillAlpha: 1,
    font: null,
    fontSize: 0,
    fontDirection: 1,
    fontMatrix: DEFAULT_FONT_MATRIX,
    charSpacing: 0,
    wordSpacing: 0,
    hScale: 1,
    leading: 0,
    rise: 0,
    textMatrix: IDENTITY,
    x: 0,
    y: 0,
    lineX: 0,
    lineY: 0,
  }
}

/**
 * The rectangles of a path (each a quadrilateral of four page-space corners):
 * a subpath of a move and three or four straight lines, closed or not. Curved
 * shapes are not redaction boxes and are left alone.
 */
function rectanglesOf(pathData, ctm) {
  const rectangles = []
  if (!pathData || typeof pathData.length !== 'number') return rectangles
  let points = []
  let straight = true
  const finish = () => {
    if (straight && points.length >= 4) {
      // A closing line back to the start repeats the first corner.
      const last = points[points.length - 1]
      const first = points[0]
      if (points.length === 5 && last[0] === first[0] && last[1] === first[1]) points.pop()
      if (points.length === 4 && isRectangle(points)) {
        rectangles.push(points.map(([x, y]) => apply(ctm, x, y)))
      }
    }
    points = []
    straight = true
  }
  for (let at = 0; at < pathData.length;) {
    switch (pathData[at]) {
      case PATH_MOVE:
        finish()
        points.push([pathData[at + 1], pathData[at + 2]])
        at += 3
        break
      case PATH_LINE:
        points.push([pathData[at + 1], pathData[at + 2]])
        at += 3
        break
      case PATH_CURVE:
        straight = false
        at += 7
        break
      case PATH_QUADRATIC:
        straight = false
        at += 5
        break
      case PATH_CLOSE:
        finish()
        at += 1
        break
      default:
        // Not a path pdf.js writes: stop rather than misread it.
        return rectangles
    }
  }
  finish()
  return rectangles
}

/** Four corners in order whose opposite sides are equal: a rectangle or parallelogram. */
function isRectangle([a, b, c, d]) {
  const close = (p, q) => Math.abs(p - q) < 1e-3
  return close(b[0] - a[0], c[0] - d[0]) && close(b[1] - a[1], c[1] - d[1])
}

/** Whether a point is inside a convex quadrilateral (either winding). */
function inside(quad, [x, y]) {
  let sign = 0
  for (let i = 0; i < 4; i += 1) {
    const [x1, y1] = quad[i]
    const [x2, y2] = quad[(i + 1) % 4]
    const cross = (x2 - x1) * (y - y1) - (y2 - y1) * (x - x1)
    if (Math.abs(cross) < 1e-9) continue
    const side = Math.sign(cross)
    if (sign === 0) sign = side
    else if (side !== sign) return false
  }
  return sign !== 0
}

/**
 * Where a glyph is, as two page-space points at its middle: one low (a tenth
 * of the font size above the baseline) and one high (six tenths). A box that
 * holds both covers the glyph; an underline or a strike-through, thin lines
 * drawn after the text, holds at most one.
 */
function glyphPoints(state, offset, advance, size) {
  const textToPage = multiply(state.ctm, state.textMatrix)
  const middle = state.x + (offset + advance / 2) * state.hScale * state.fontDirection
  const baseline = state.y + state.rise
  return [
    apply(textToPage, middle, baseline + 0.1 * size),
    apply(textToPage, middle, baseline + 0.6 * size),
  ]
}

/**
 * Lays out one showText's glyphs as pdf.js's canvas does (horizontal writing):
 * numbers in the array are TJ adjustments in thousandths of the font size.
 * Adds the visible characters' points to `glyphs` and moves the text position.
 */
function showText(state, items, glyphs) {
  if (!Array.isArray(items) || state.fontSize === 0) return
  const size = state.fontSize
  const widthScale = size * (state.fontMatrix[0] || 0.001)
  let offset = 0
  for (const item of items) {
    if (typeof item === 'number') {
      offset -= (item * size) / 1000
      continue
    }
    if (!item || typeof item !== 'object') continue
    const width = Number.isFinite(item.width) ? item.width : 0
    const spacing = (item.isSpace ? state.wordSpacing : 0) + state.charSpacing
    const advance = width * widthScale
    const character = typeof item.unicode === 'string' ? item.unicode : ''
    if (character.trim() !== '') {
      const [low, high] = glyphPoints(state, offset, advance, size)
      glyphs.push({ low, high, hidden: false })
    }
    offset += advance + spacing * state.fontDirection
  }
  state.x += offset * state.hScale * state.fontDirection
}

/** Whether the current fill would hide black text under it. */
function hidesText(state) {
  if (state.fillAlpha < OPAQUE_ALPHA) return false
  const brightness = brightnessOf(state.fill)
  return brightness !== null && brightness <= DARK_BRIGHTNESS
}

/**
 * The number of glyphs on a page that an opaque dark rectangle drawn after
 * them covers. `fontMatrixOf(name)` gives a loaded font's matrix (Type 3 fonts
 * have their own scale), or nothing for the usual thousandths.
 */
export function countTextUnderBoxes(operatorList, fontMatrixOf) {
  const { fnArray, argsArray } = operatorList
  const glyphs = []
  const stack = []
  let state = freshState()
  const save = () => stack.push({ ...state })
  const restore = () => {
    if (stack.length > 0) state = stack.pop()
  }
  const moveText = (x, y) => {
    state.lineX += x
    state.lineY += y
    state.x = state.lineX
    state.y = state.lineY
  }
  for (let index = 0; index < fnArray.length; index += 1) {
    const args = argsArray[index] ?? []
    switch (fnArray[index]) {
      case OPS.save:
      case OPS.beginGroup:
        save()
        break
      case OPS.restore:
      case OPS.endGroup:
      case OPS.paintFormXObjectEnd:
      case OPS.endAnnotation:
        restore()
        break
      case OPS.transform:
        if (isMatrix(args)) state.ctm = multiply(state.ctm, Array.from(args))
        break
      case OPS.paintFormXObjectBegin:
        save()
        if (isMatrix(args[0])) state.ctm = multiply(state.ctm, Array.from(args[0]))
        break
      case OPS.beginAnnotation: {
        // An annotation's appearance is drawn over the page, from a fresh
        // graphics state placed by its own transform and matrix.
        save()
        const placed = freshState()
        if (isMatrix(args[2])) placed.ctm = multiply(placed.ctm, Array.from(args[2]))
        if (isMatrix(args[3])) placed.ctm = multiply(placed.ctm, Array.from(args[3]))
        state = placed
        break
      }
      case OPS.setGState:
        for (const entry of Array.isArray(args[0]) ? args[0] : []) {
          if (Array.isArray(entry) && entry[0] === 'ca' && Number.isFinite(entry[1])) {
            state.fillAlpha = entry[1]
          }
        }
        break
      case OPS.setFillRGBColor:
        state.fill = args.length === 1 ? args[0] : args
        break
      case OPS.setFillColor:
      case OPS.setFillColorN:
      case OPS.setFillTransparent:
        // A pattern, a shading or no colour: not a box of one dark colour.
        state.fill = null
        break
      case OPS.beginText:
        state.textMatrix = IDENTITY
        state.x = state.y = state.lineX = state.lineY = 0
        break
      case OPS.setCharSpacing:
        state.charSpacing = Number(args[0]) || 0
        break
      case OPS.setWordSpacing:
        state.wordSpacing = Number(args[0]) || 0
        break
      case OPS.setHScale:
        state.hScale = (Number(args[0]) || 0) / 100
        break
      case OPS.setLeading:
        state.leading = -(Number(args[0]) || 0)
        break
      case OPS.setFont: {
        const size = Number(args[1]) || 0
        state.fontDirection = size < 0 ? -1 : 1
        state.fontSize = Math.abs(size)
        state.font = args[0]
        const matrix = fontMatrixOf(args[0])
        state.fontMatrix = isMatrix(matrix) ? matrix : DEFAULT_FONT_MATRIX
        break
      }
      case OPS.setTextRise:
        state.rise = Number(args[0]) || 0
        break
      case OPS.moveText:
        moveText(Number(args[0]) || 0, Number(args[1]) || 0)
        break
      case OPS.setLeadingMoveText:
        state.leading = Number(args[1]) || 0
        moveText(Number(args[0]) || 0, Number(args[1]) || 0)
        break
      case OPS.setTextMatrix: {
        const matrix = isMatrix(args[0]) ? args[0] : args
        if (isMatrix(matrix)) state.textMatrix = Array.from(matrix)
        state.x = state.y = state.lineX = state.lineY = 0
        break
      }
      case OPS.nextLine:
        moveText(0, state.leading)
        break
      case OPS.showText:
      case OPS.showSpacedText:
        showText(state, args[0], glyphs)
        break
      case OPS.nextLineShowText:
        moveText(0, state.leading)
        showText(state, args[0], glyphs)
        break
      case OPS.nextLineSetSpacingShowText:
        state.wordSpacing = Number(args[0]) || 0
        state.charSpacing = Number(args[1]) || 0
        moveText(0, state.leading)
        showText(state, args[2], glyphs)
        break
      case OPS.constructPath: {
        if (!FILL_OPS.has(args[0]) || !hidesText(state) || glyphs.length === 0) break
        const data = Array.isArray(args[1]) ? args[1][0] : null
        for (const box of rectanglesOf(data, state.ctm)) {
          for (const glyph of glyphs) {
            if (!glyph.hidden && inside(box, glyph.low) && inside(box, glyph.high)) {
              glyph.hidden = true
            }
          }
        }
        break
      }
      default:
        break
    }
  }
  return glyphs.filter((glyph) => glyph.hidden).length
}

/** The numbers of the pages with text under a dark box, in order. */
export async function pagesWithTextUnderBoxes(pdf) {
  const pages = []
  for (let number = 1; number <= pdf.numPages; number += 1) {
    const page = await pdf.getPage(number)
    const operatorList = await page.getOperatorList()
    const fontMatrixOf = (name) => {
      try {
        return typeof name === 'string' && page.commonObjs.has(name)
          ? page.commonObjs.get(name)?.fontMatrix
          : undefined
      } catch {
        return undefined
      }
    }
    if (countTextUnderBoxes(operatorList, fontMatrixOf) > 0) pages.push(number)
    page.cleanup()
  }
  return pages
}
