// Every relative link and #anchor in README.md and docs/*.md leads somewhere: a file
// of the repository, and, with an anchor, a heading of that page.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { anchorsOf, brokenLinks } from './markdown-links.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

async function repositoryPages(): Promise<Map<string, string>> {
  const pages = new Map<string, string>()
  const names = ['README.md', 'CHANGELOG.md']
  for (const name of await readdir(join(ROOT, 'docs'))) {
    if (name.endsWith('.md')) names.push(`docs/${name}`)
  }
  for (const name of names) pages.set(name, await readFile(join(ROOT, name), 'utf8'))
  return pages
}

describe('links in README.md and docs/', () => {
  it('lead to files that exist and headings that exist', async () => {
    const pages = await repositoryPages()
    expect(pages.size).toBeGreaterThan(10)
    expect(brokenLinks(pages, (path) => existsSync(join(ROOT, path)))).toEqual([])
  })

  it('are checked: a missing file, a missing heading and a link out of the repository are found', () => {
    const pages = new Map([
      [
        'README.md',
        [
          '# Title',
          '## The marketplace: install, freeze `pay`',
          'See [a](docs/a.md#a-heading), [b](docs/nope.md), [c](#no-such-heading),',
          '[d](#the-marketplace-install-freeze-pay), [e](https://example.com/x#y),',
          '![img](docs/a.png), [f](../outside.md), `[g](docs/not-a-link.md)`.',
          '```md',
          '[h](docs/in-a-fence.md)',
          '```',
        ].join('\n'),
      ],
      [
        'docs/a.md',
        '# A\n\n## A heading\n\nBack to the [README](../README.md#title), [x](#a-headin).',
      ],
    ])
    expect(brokenLinks(pages, (path) => path === 'docs/a.png')).toEqual([
      'README.md: docs/nope.md (no file docs/nope.md)',
      'README.md: #no-such-heading (no heading #no-such-heading in README.md)',
      'README.md: ../outside.md (no file ../outside.md)',
      'docs/a.md: #a-headin (no heading #a-headin in docs/a.md)',
    ])
  })

  it("names headings as GitHub does: punctuation dropped, spaces to hyphens, code's text kept", () => {
    const anchors = anchorsOf(
      [
        "## The mock's own routes: `/__mock/`",
        '### The image from a test: `altegio-hooks-mock/testcontainers`',
        '## Faults',
        '## Faults',
        '```sh',
        '# not a heading',
        '```',
      ].join('\n'),
    )
    expect([...anchors]).toEqual([
      'the-mocks-own-routes-__mock',
      'the-image-from-a-test-altegio-hooks-mocktestcontainers',
      'faults',
      'faults-1',
    ])
  })
})
