import { readFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const SRC = fileURLToPath(new URL('../src', import.meta.url))

/** Every module a source file reaches through its imports (type-only ones too), by specifier. */
async function importGraph(entry: string): Promise<{ files: string[]; packages: Set<string> }> {
  const seen = new Set<string>()
  const packages = new Set<string>()
  const visit = async (file: string): Promise<void> => {
    if (seen.has(file)) return
    seen.add(file)
    const text = await readFile(file, 'utf8')
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
      if (!specifier) continue
      if (specifier.startsWith('.')) {
        await visit(join(dirname(file), specifier.replace(/\.js$/, '.ts')))
      } else {
        packages.add(specifier.startsWith('@') ? specifier : (specifier.split('/')[0] ?? ''))
      }
    }
  }
  await visit(entry)
  return { files: [...seen].map((file) => relative(SRC, file)), packages }
}

describe('testcontainers, an optional peer', () => {
  it('is never reached from the main entry, so the package loads without it', async () => {
    const main = await importGraph(join(SRC, 'index.ts'))
    // The walk follows the imports: the code API and the server are in it.
    expect(main.files).toEqual(expect.arrayContaining(['mock.ts', 'server.ts', 'app.ts']))
    expect(main.packages.has('testcontainers')).toBe(false)
    expect(main.files).not.toContain('testcontainers.ts')
  })

  it('is what the ./testcontainers entry is for', async () => {
    const entry = await importGraph(join(SRC, 'testcontainers.ts'))
    expect(entry.packages.has('testcontainers')).toBe(true)
  })
})
