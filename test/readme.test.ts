import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'
import { optionsTable } from '../src/config/index.js'

for (const file of ['readme-example.test.ts', 'readme-faults-example.test.ts']) {
  it(`shows test/${file} in the README exactly as it is`, async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const example = await readFile(new URL(`./${file}`, import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })
}

for (const file of ['curl-walkthrough.sh', 'marketplace-walkthrough.sh']) {
  it(`shows examples/${file} in the README exactly as it is`, async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const script = await readFile(new URL(`../examples/${file}`, import.meta.url), 'utf8')
    expect(readme).toContain(`\`\`\`sh\n${script}\`\`\``)
  })
}

it('shows examples/node-test/appointments.test.mjs in the README exactly as it is', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const example = await readFile(
    new URL('../examples/node-test/appointments.test.mjs', import.meta.url),
    'utf8',
  )
  expect(readme).toContain(`\`\`\`js\n${example}\`\`\``)
})

for (const file of ['vitest.config.ts', 'test/global-setup.ts', 'test/appointments.test.ts']) {
  it(`shows examples/vitest-global-setup/${file} in the README exactly as it is`, async () => {
    const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
    const example = await readFile(
      new URL(`../examples/vitest-global-setup/${file}`, import.meta.url),
      'utf8',
    )
    expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
  })
}

it('shows examples/testcontainers/hooks-settings.test.ts in the README exactly as it is', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const example = await readFile(
    new URL('../examples/testcontainers/hooks-settings.test.ts', import.meta.url),
    'utf8',
  )
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
})

it('shows test/readme-marketplace.test.ts in the README exactly as it is', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const example = await readFile(new URL('./readme-marketplace.test.ts', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
})

it('shows every option of src/config/options.ts in its configuration table', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  // npm run readme:options rewrites the table when an option changes.
  expect(readme).toContain(`<!-- options:start -->\n${optionsTable()}\n<!-- options:end -->`)
})
