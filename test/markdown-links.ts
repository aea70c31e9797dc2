// Links in markdown pages, as GitHub resolves them: relative paths and #anchors.
import { dirname, join, normalize } from 'node:path'

/** The anchors GitHub gives a page's headings (github-slugger: duplicates get -1, -2). */
export function anchorsOf(markdown: string): Set<string> {
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
export function brokenLinks(
  pages: Map<string, string>,
  exists: (path: string) => boolean,
): string[] {
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
