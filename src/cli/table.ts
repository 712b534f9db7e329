// C0 and C1 controls, and the bidi marks, embeddings, overrides and isolates.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const terminalUnsafe = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

/** Replaces control and bidi characters so a log string cannot move the cursor or reorder text. */
export function sanitiseForTerminal(text: string): string {
  return text.replace(terminalUnsafe, '\uFFFD')
}

/** A plain-text table with a header row; cells are sanitised and cut at 60 characters. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const clean = rows.map((row) => row.map((cell) => clip(sanitiseForTerminal(cell))))
  const widths = header.map((title, column) =>
    Math.max(title.length, ...clean.map((row) => row[column]?.length ?? 0)),
  )
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd()
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...clean.map(line)].join(
    '\n',
  )
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 59)}…` : text
}
