import { readdir, readFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { optionsTable } from '../src/config/index.js'

const read = (path: string) => readFile(new URL(`../${path}`, import.meta.url), 'utf8')

// Every code example in the README and docs/ is one of these files, shown whole in a
// fence of its language on its page; `run by` names what runs it (a test file, or the
// vitest config whose project or include list holds it).
const SHOWN: [file: string, fence: string, page: string, runBy: string][] = [
  ['test/readme-example.test.ts', 'ts', 'README.md', 'vitest.config.ts'],
  ['examples/curl-walkthrough.sh', 'sh', 'README.md', 'test/readme-curl.test.ts'],
  [
    'examples/marketplace-walkthrough.sh',
    'sh',
    'README.md',
    'test/readme-marketplace-curl.test.ts',
  ],
  ['examples/faults-walkthrough.sh', 'sh', 'README.md', 'test/readme-faults-curl.test.ts'],
  ['examples/snapshots-walkthrough.sh', 'sh', 'README.md', 'test/readme-snapshots-curl.test.ts'],
  ['test/readme-faults-example.test.ts', 'ts', 'docs/faults.md', 'vitest.config.ts'],
  ['test/readme-marketplace.test.ts', 'ts', 'docs/marketplace.md', 'vitest.config.ts'],
  [
    'examples/node-test/appointments.test.mjs',
    'js',
    'docs/testing-from-code.md',
    'test/readme-node-test.test.ts',
  ],
  [
    'examples/vitest-global-setup/vitest.config.ts',
    'ts',
    'docs/testing-from-code.md',
    'vitest.config.ts',
  ],
  [
    'examples/vitest-global-setup/test/global-setup.ts',
    'ts',
    'docs/testing-from-code.md',
    'vitest.config.ts',
  ],
  [
    'examples/vitest-global-setup/test/appointments.test.ts',
    'ts',
    'docs/testing-from-code.md',
    'vitest.config.ts',
  ],
  [
    'examples/testcontainers/hooks-settings.test.ts',
    'ts',
    'docs/testing-from-code.md',
    'vitest.container.config.ts',
  ],
]

/** README.md and every page of docs/. */
async function pages(): Promise<string[]> {
  const docs = (await readdir(new URL('../docs/', import.meta.url)))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`)
  return ['README.md', ...docs.sort()]
}

/** The code blocks of a page, without their fences. */
function fenced(page: string): string[] {
  return [...page.matchAll(/^```[\w-]*\n([\s\S]*?)^```$/gm)].map((match) => match[1] as string)
}

describe('the examples in the README and docs/', () => {
  for (const [file, fence, page] of SHOWN) {
    it(`shows ${file} in ${page} exactly as it is`, async () => {
      const example = await read(file)
      expect(await read(page)).toContain(`\`\`\`${fence}\n${example}\`\`\``)
    })
  }

  it('shows no example anywhere but whole and current: a block that starts as one is all of it', async () => {
    const examples = await Promise.all(SHOWN.map(async ([file]) => [file, await read(file)]))
    const stale: string[] = []
    for (const path of await pages()) {
      for (const block of fenced(await read(path))) {
        for (const [file, example] of examples as [string, string][]) {
          // Two lines are enough to tell one example from every other one.
          const start = example.split('\n').slice(0, 2).join('\n')
          if (block.startsWith(start) && block !== example) stale.push(`${path}: ${file}`)
        }
      }
    }
    expect(stale).toEqual([])
  })

  it('runs every example it shows', async () => {
    const notRun: string[] = []
    for (const [file, , , runBy] of SHOWN) {
      const runner = await read(runBy)
      // A runner names the file, its folder (a vitest project, an include glob) or test/'s glob.
      const names = [file, file.split('/').slice(0, 2).join('/'), file.split('/').pop() ?? '']
      if (file.startsWith('test/')) names.push("'test/**/*.test.ts'")
      if (!names.some((name) => runner.includes(name))) {
        notRun.push(`${file}: ${runBy} does not name it`)
      }
    }
    expect(notRun).toEqual([])
  })
})

it('shows every option of src/config/options.ts in the configuration table of docs/configuration.md', async () => {
  // npm run docs:options rewrites the table when an option changes.
  expect(await read('docs/configuration.md')).toContain(
    `<!-- options:start -->\n${optionsTable()}\n<!-- options:end -->`,
  )
})
