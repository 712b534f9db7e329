// The documented transformations of a text cell (docs/exports.md), each counted by name per file:
// characters a file cannot hold are replaced, spreadsheet formulas are neutralised, and XLSX cells
// over Excel's limit are truncated with a visible marker. XLSX text is then escaped so readers
// show the original (`_xHHHH_` literals, CR and DEL), which is not a transformation.

/** Counts of each transformation applied to one file's cells, by stable name. */
export type TransformationCounts = Record<string, number>

/** The most characters (UTF-16 code units) an Excel cell holds. */
export const xlsxCellLimit = 32_767

// Lone surrogates; C0 controls except TAB, LF, CR; the noncharacters U+FFFE and U+FFFF.
// With the u flag a surrogate pair is one code point, so the range matches lone surrogates only.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const unwritable = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/gu
const unwritableTest = new RegExp(unwritable.source, 'u')
const formulaStart = /^[=+\-@\t\r]/

/** Adds one to `name` in `counts`. */
export function count(counts: TransformationCounts, name: string): void {
  counts[name] = (counts[name] ?? 0) + 1
}

/** A text cell as CSV and XLSX hold it: replaced characters, then the formula prefix. */
export function cleanText(text: string, counts: TransformationCounts): string {
  let cleaned = text
  if (unwritableTest.test(cleaned)) {
    cleaned = cleaned.replace(unwritable, '\uFFFD')
    count(counts, 'characters_replaced')
  }
  if (formulaStart.test(cleaned)) {
    cleaned = `'${cleaned}`
    count(counts, 'formula_neutralised')
  }
  return cleaned
}

/** The marker that ends a truncated XLSX cell. */
export const truncationMarker = (cut: number): string => ` [… truncated ${String(cut)} characters]`

/**
 * A cleaned text cut to `xlsxCellLimit` when longer: the kept start plus the marker naming how
 * many characters were cut is at most the limit (never splitting a surrogate pair).
 */
export function truncateForXlsx(text: string, counts: TransformationCounts): string {
  if (text.length <= xlsxCellLimit) return text
  let kept = xlsxCellLimit - truncationMarker(text.length).length
  while (kept + truncationMarker(text.length - kept).length < xlsxCellLimit) kept += 1
  while (kept + truncationMarker(text.length - kept).length > xlsxCellLimit) kept -= 1
  const code = text.charCodeAt(kept - 1)
  if (code >= 0xd800 && code <= 0xdbff) kept -= 1
  count(counts, 'cell_truncated')
  return text.slice(0, kept) + truncationMarker(text.length - kept)
}

// Every underscore that starts `_xHHHH_` (lookahead: `_x005F_x0041_` holds two), or would once a
// following CR or DEL is written as `_x000D_` / `_x007F_`.
const xlsxEscapes = /_(?=x[0-9A-Fa-f]{4}[_\r\u007F])|\r|\u007F/g

/**
 * Text as an XLSX string cell carries it so Excel, LibreOffice and openpyxl-with-unescape read the
 * original back: a literal `_xHHHH_` gets its underscore escaped (`_x005F_xHHHH_`), and CR and DEL
 * (which XML would turn into LF, and exceljs would drop) are written as `_x000D_` and `_x007F_`.
 */
export function escapeForXlsx(text: string): string {
  if (!text.includes('_') && !text.includes('\r') && !text.includes('\u007F')) return text
  return text.replace(xlsxEscapes, (match) => {
    if (match === '_') return '_x005F_'
    return match === '\r' ? '_x000D_' : '_x007F_'
  })
}
