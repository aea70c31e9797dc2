// npm run docs:options: writes the options table of docs/configuration.md from the
// one description of the options (src/config/options.ts), between its markers.
import { readFile, writeFile } from 'node:fs/promises'
import { optionsTable } from '../dist/config/index.js'

const PAGE = new URL('../docs/configuration.md', import.meta.url)
const START = '<!-- options:start -->'
const END = '<!-- options:end -->'
const text = await readFile(PAGE, 'utf8')
const from = text.indexOf(START)
const to = text.indexOf(END)
if (from === -1 || to === -1)
  throw new Error(`docs/configuration.md has no ${START} ... ${END} markers`)
await writeFile(PAGE, `${text.slice(0, from + START.length)}\n${optionsTable()}\n${text.slice(to)}`)
