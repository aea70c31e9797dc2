import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const SRC = resolve(import.meta.dirname, '../src')

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return path.endsWith('.ts') ? [path] : []
  })
}

/** Each file's relative imports, type-only ones included: a circle of types is a circle of design. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(/(?:from\s+|import\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) =>
      relative(SRC, resolve(dirname(file), (m[1] as string).replace(/\.js$/, '.ts'))),
    )
    graph.set(relative(SRC, file), targets)
  }
  return graph
}

/** Every circle, each as the files around it from its smallest name. */
function circles(graph: Map<string, string[]>): string[][] {
  const found = new Map<string, string[]>()
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') {
        const circle = path.slice(path.indexOf(next))
        const start = circle.indexOf([...circle].sort()[0] as string)
        const turned = [...circle.slice(start), ...circle.slice(0, start)]
        found.set(turned.join(' > '), turned)
      } else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return [...found.values()]
}

describe('the source layout', () => {
  it('has one folder per Developer Tools section, each registering its routes from index.ts', () => {
    const sections = readdirSync(join(SRC, 'api')).filter((name) => name !== 'shared')
    expect(sections).toEqual(expect.arrayContaining(['hooks-settings', 'marketplace']))
    for (const section of sections) {
      const index = readFileSync(join(SRC, 'api', section, 'index.ts'), 'utf8')
      expect(index, `src/api/${section}/index.ts`).toMatch(/export const \w+Section\b/)
    }
  })

  it('has no import circles', () => {
    expect(circles(importGraph())).toEqual([])
  })

  it('holds no merge-conflict markers in any tracked text file', () => {
    const root = resolve(SRC, '..')
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((file) =>
        /\.(ts|mts|mjs|js|json|md|sh|yml|css|html)$|^Dockerfile$|^\.ci\//.test(file),
      )
    const marked = files.filter((file) => {
      let text: string
      try {
        text = readFileSync(join(root, file), 'utf8')
      } catch {
        return false
      }
      return /^(<{7} \S|>{7} \S|={7}$)/m.test(text)
    })
    expect(marked).toEqual([])
  })

  it('finds a circle where there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ])
    expect(circles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']])
  })
})
