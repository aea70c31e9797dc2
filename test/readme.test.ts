import { readFile } from 'node:fs/promises'
import { expect, it } from 'vitest'

it('shows test/readme-example.test.ts in the README exactly as it is', async () => {
  const readme = await readFile(new URL('../README.md', import.meta.url), 'utf8')
  const example = await readFile(new URL('./readme-example.test.ts', import.meta.url), 'utf8')
  expect(readme).toContain(`\`\`\`ts\n${example}\`\`\``)
})
