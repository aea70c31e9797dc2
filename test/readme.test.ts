import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { optionsTable } from '../src/config/index.js'

// Every code example in the README is one of these files, shown whole in a
// fence of its language; the suite runs each file.
const SHOWN: [file: string, fence: string][] = [
  ['test/readme-example.test.ts', 'ts'],
  ['test/readme-faults-example.test.ts', 'ts'],
  ['test/readme-marketplace.test.ts', 'ts'],
  ['examples/curl-walkthrough.sh', 'sh'],
  ['examples/marketplace-walkthrough.sh', 'sh'],
  ['examples/faults-walkthrough.sh', 'sh'],
  ['examples/node-test/appointments.test.mjs', 'js'],
  ['examples/vitest-global-setup/vitest.config.ts', 'ts'],
  ['examples/vitest-global-setup/test/global-setup.ts', 'ts'],
  ['examples/vitest-global-setup/test/appointments.test.ts', 'ts'],
  ['examples/testcontainers/hooks-settings.test.ts', 'ts'],
]

for (const [file, fence] of SHOWN) {
  it(`shows ${file} in the README exactly as it is`, async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const example = await readFile(new URL(`../${file}`, import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`${fence}\n${example}\`\`\``)
  })
}

it('shows every option of src/config/options.ts in its configuration table', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  // npm run readme:options rewrites the table when an option changes.
  expect(readme).toContain(`<!-- options:start -->\n${optionsTable()}\n<!-- options:end -->`)
})
