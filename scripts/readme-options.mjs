// npm run readme:options: writes the README's configuration table from the
// one description of the options (src/config/options.ts), between its markers.
import { readFile, writeFile } from 'node:fs/promises'
import { optionsTable } from '../dist/config/index.js'

const README = new URL('../README.md', import.meta.url)
const START = '<!-- options:start -->'
const END = '<!-- options:end -->'
const text = await readFile(README, 'utf8')
const from = text.indexOf(START)
const to = text.indexOf(END)
if (from === -1 || to === -1) throw new Error(`README.md has no ${START} ... ${END} markers`)
await writeFile(
  README,
  `${text.slice(0, from + START.length)}\n${optionsTable()}\n${text.slice(to)}`,
)
