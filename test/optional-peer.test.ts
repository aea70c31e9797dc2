import { execFileSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, symlink } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tempDir } from './helpers.js'

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

describe('altegio-hooks-mock/testcontainers without testcontainers installed', () => {
  it('throws an Error that says what to install, and which versions', async () => {
    const root = fileURLToPath(new URL('..', import.meta.url))
    const project = await tempDir()
    const modules = join(project, 'node_modules')
    // A copy, not a link: Node resolves from a file's real path, and this checkout has testcontainers.
    const own = join(modules, 'altegio-hooks-mock')
    await mkdir(own, { recursive: true })
    await cp(join(root, 'dist'), join(own, 'dist'), { recursive: true })
    await cp(join(root, 'package.json'), join(own, 'package.json'))
    for (const name of await readdir(join(root, 'node_modules'))) {
      if (name === 'testcontainers' || name === '.bin') continue
      await symlink(join(root, 'node_modules', name), join(modules, name))
    }
    const script = `import('altegio-hooks-mock/testcontainers').then(
      () => console.log('loaded'),
      (error) => console.log(JSON.stringify({ type: error.constructor.name, message: error.message })),
    )`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: project,
      encoding: 'utf8',
    })
    expect(JSON.parse(out)).toEqual({
      type: 'Error',
      message:
        'altegio-hooks-mock/testcontainers needs the testcontainers package (^11.0.0 || ^12.0.0), an optional peer that is not installed here. Install it: npm install --save-dev testcontainers',
    })
  })
})
