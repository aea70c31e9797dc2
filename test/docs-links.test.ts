// Every relative link and #anchor in README.md and docs/*.md leads somewhere: a file
// of the repository, and, with an anchor, a heading of that page.
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The anchors GitHub gives a page's headings (github-slugger: duplicates get -1, -2). */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  for (const [, heading] of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = (heading as string)
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
      .replace(/[`*]/g, '')
    const slug = text
      .toLowerCase()
      .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}

/** The page without its fenced blocks, where a # line is no heading and a ](...) no link. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```$/gm, '')
}

/** ... and without inline code, where a ](...) is no link either. */
function withoutCode(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, '``')
}

/** The link targets of a page: [text](target), ![alt](target), <a href="target">. */
function targetsOf(markdown: string): string[] {
  const text = withoutCode(markdown)
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)]
  const html = [...text.matchAll(/\b(?:href|src)="([^"]+)"/g)]
  return [...inline, ...html].map((match) => match[1] as string)
}

/**
 * What is wrong with the links of `pages` (path relative to the repository -> text):
 * a target that is no file, or an anchor that is no heading of its page.
 */
function brokenLinks(pages: Map<string, string>, exists: (path: string) => boolean): string[] {
  const broken: string[] = []
  for (const [page, markdown] of pages) {
    for (const target of targetsOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue // https:, mailto:, ...
      const [path = '', anchor] = target.split('#', 2)
      const file = path === '' ? page : normalize(join(dirname(page), decodeURI(path)))
      if (file.startsWith('..') || !(pages.has(file) || exists(file))) {
        broken.push(`${page}: ${target} (no file ${file})`)
        continue
      }
      if (anchor === undefined) continue
      const linked = pages.get(file)
      if (linked === undefined) {
        broken.push(`${page}: ${target} (an anchor into ${file}, which is not a markdown page)`)
      } else if (!anchorsOf(linked).has(anchor)) {
        broken.push(`${page}: ${target} (no heading #${anchor} in ${file})`)
      }
    }
  }
  return broken
}

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
