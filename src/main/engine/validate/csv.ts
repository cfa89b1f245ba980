/**
 * RFC 4180 CSV, as spreadsheets export it: quoted fields may hold commas,
 * doubled quotes and line breaks; CRLF or LF line ends; a trailing newline
 * is not a row. Each row remembers the line it started on, for errors.
 */
export interface CsvRow {
  line: number
  cells: string[]
}

export function parseCsv(text: string): { rows: CsvRow[]; error: string | null } {
  const rows: CsvRow[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const endRow = (): void => {
    cells.push(cell)
    if (!(cells.length === 1 && cells[0]?.trim() === '')) rows.push({ line: rowLine, cells })
    cells = []
    cell = ''
  }
  for (; i < text.length; i++) {
    const c = text[i] as string
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"'
          i++
        } else quoted = false
      } else {
        if (c === '\n') line++
        cell += c
      }
      continue
    }
    if (c === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (c === ',') {
      cells.push(cell)
      cell = ''
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else cell += c
  }
  if (quoted) return { rows, error: `line ${rowLine}: a quoted field is never closed` }
  if (cell !== '' || cells.length > 0) endRow()
  return { rows, error: null }
}
