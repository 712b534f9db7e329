// An independent reader of XLSX files for tests: /usr/bin/python3 with openpyxl (Debian
// python3-openpyxl). openpyxl leaves the spec's `_xHHHH_` escapes of `t="str"` cells as they are,
// so the reader decodes them the way Excel and LibreOffice do (one left-to-right pass).
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'

const python = '/usr/bin/python3'

const script = String.raw`
import json, re, sys, datetime
try:
    import openpyxl
except ImportError:
    print("openpyxl is missing: run apt-get install -y python3-openpyxl", file=sys.stderr)
    sys.exit(3)
escape = re.compile(r'_x([0-9A-Fa-f]{4})_')
def cell(c):
    v = c.value
    if isinstance(v, datetime.datetime):
        return {"datetime": v.isoformat(), "format": c.number_format}
    if isinstance(v, str):
        return escape.sub(lambda m: chr(int(m.group(1), 16)), v)
    return v
book = openpyxl.load_workbook(sys.argv[1])
out = []
for sheet in book.worksheets:
    out.append({
        "name": sheet.title,
        "frozen": sheet.freeze_panes,
        "filter": sheet.auto_filter.ref,
        "widths": {k: d.width for k, d in sheet.column_dimensions.items()},
        "rows": [[cell(c) for c in row] for row in sheet.iter_rows()],
    })
json.dump(out, sys.stdout)
`

/** A cell as the reader returns it: text, a number, a date (ISO without zone) or empty. */
export type ReadCell = string | number | boolean | null | { datetime: string; format: string }

/** One sheet as read back. */
export type ReadSheet = {
  name: string
  frozen: string | null
  filter: string | null
  widths: Record<string, number>
  rows: ReadCell[][]
}

/**
 * Reads every sheet of an XLSX file with openpyxl. Throws (failing the test, never skipping it)
 * with the install command when python3-openpyxl is missing.
 */
export function readXlsx(file: string): ReadSheet[] {
  if (!fs.existsSync(python)) {
    throw new Error(`${python} is missing: run apt-get install -y python3 python3-openpyxl`)
  }
  try {
    const text = execFileSync(python, ['-c', script, file], {
      encoding: 'utf8',
      maxBuffer: 512 * 1024 * 1024,
    })
    return JSON.parse(text) as ReadSheet[] // the script's own output shape
  } catch (error) {
    const stderr =
      typeof error === 'object' && error !== null && 'stderr' in error ? String(error.stderr) : ''
    if (stderr.includes('openpyxl is missing')) {
      throw new Error(
        'openpyxl is missing for /usr/bin/python3: apt-get install -y python3-openpyxl',
        { cause: error },
      )
    }
    throw error
  }
}
