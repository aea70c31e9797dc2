import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { builtinModules } from 'node:module'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import semver from 'semver'
import { beforeAll, describe, expect, it } from 'vitest'
import { brokenLinks } from './markdown-links.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)

interface Manifest {
  dependencies: Record<string, string>
  peerDependencies?: Record<string, string>
  bin: Record<string, string>
  exports: Record<string, { types: string; default: string }>
}

let files: string[]
let manifest: Manifest

beforeAll(async () => {
  // `npm test` built dist first (pretest); --ignore-scripts skips the rebuild of prepare.
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
  })
  files = (JSON.parse(stdout) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? []
  manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Manifest
}, 60_000)

/** The relative and bare specifiers a built module imports. */
function importsOf(source: string): string[] {
  const found = source.matchAll(/(?:^|[\s;])(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)
  const dynamic = source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)
  return [...found, ...dynamic].map((match) => match[1] as string)
}

describe('npm pack', () => {
  it('ships the built package, its docs and nothing else', async () => {
    const outside = files.filter((f) => !f.startsWith('dist/'))
    // The README links the docs/ pages and the changelog: they ship so that the links
    // work in node_modules too, offline.
    const docs = (await readdir(join(ROOT, 'docs'))).map((name) => `docs/${name}`)
    expect(outside.sort()).toEqual(
      ['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json', ...docs].sort(),
    )
    // No sources, tests, source maps or build state.
    expect(files.filter((f) => /\.map$|\.tsbuildinfo$|(?<!\.d)\.ts$/.test(f))).toEqual([])
    for (const needed of [
      'dist/index.js',
      'dist/index.d.ts',
      'dist/altegio-hooks-mock.js',
      'dist/altegio-hooks-mock-healthcheck.js',
      'dist/webhook-worker.js',
      'dist/compaction-worker.js',
      'dist/docs-app.js',
      'dist/dictionaries-data.js',
      'dist/light-my-request.cjs',
      'dist/fast-json-stringify.cjs',
      'dist/swagger-ui/index.html',
    ]) {
      expect(files).toContain(needed)
    }
  })

  it('ships every file its pages link to, so the README and docs/ read whole where installed', async () => {
    const pages = new Map<string, string>()
    for (const page of files.filter((f) => f.endsWith('.md'))) {
      pages.set(page, await readFile(join(ROOT, page), 'utf8'))
    }
    expect([...pages.keys()]).toContain('docs/configuration.md')
    expect(brokenLinks(pages, (path) => files.includes(path))).toEqual([])
  })

  it('names the version the OpenAPI documents carry', async () => {
    const { VERSION } = await import('../src/http/docs-parts.js')
    expect(VERSION).toBe((manifest as unknown as { version: string }).version)
  })

  it('holds every file package.json points to', () => {
    const pointed = [
      ...Object.values(manifest.bin),
      ...Object.values(manifest.exports).flatMap((entry) => [entry.types, entry.default]),
    ].map((path) => normalize(path))
    expect(pointed.filter((path) => !files.includes(path))).toEqual([])
  })

  it('holds every module its entry points load, and depends on every package they import', async () => {
    const declared = new Set([
      ...Object.keys(manifest.dependencies),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ])
    const missing: string[] = []
    // From each export's code and types, through their relative imports.
    const queue = Object.values(manifest.exports).flatMap((e) => [e.default, e.types])
    const seen = new Set<string>()
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      file = normalize(file)
      if (seen.has(file)) continue
      seen.add(file)
      if (!files.includes(file)) {
        missing.push(`${file} is imported but not packed`)
        continue
      }
      const source = await readFile(join(ROOT, file), 'utf8')
      for (const specifier of importsOf(source)) {
        if (specifier.startsWith('.')) {
          const target = join(dirname(file), specifier)
          queue.push(file.endsWith('.d.ts') ? target.replace(/\.js$/, '.d.ts') : target)
          continue
        }
        if (specifier.startsWith('node:') || builtinModules.includes(specifier)) continue
        const name = specifier.startsWith('@')
          ? specifier.split('/').slice(0, 2).join('/')
          : (specifier.split('/')[0] as string)
        // worker-thread.js imports tsx only when the mock runs from its TypeScript sources.
        if (file === 'dist/worker-thread.js' && name === 'tsx') continue
        if (!declared.has(name)) missing.push(`${file} imports ${name}, not a dependency`)
      }
    }
    expect(missing).toEqual([])
    expect(seen.size).toBeGreaterThan(50)
  })
})

describe('the dependency tree', () => {
  it('runs on the oldest Node the README names: no package in the lock file wants a newer one', async () => {
    const { engines } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
      engines: { node: string }
    }
    const oldest = semver.minVersion(engines.node)?.version ?? ''
    const lock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { engines?: { node?: string } | string[] }>
    }
    // npm ci warns EBADENGINE for each of these on that Node.
    const tooNew = Object.entries(lock.packages)
      .map(([path, entry]) => [
        path,
        Array.isArray(entry.engines) ? undefined : entry.engines?.node,
      ])
      .filter(([, node]) => node && !semver.satisfies(oldest, node))
    expect(oldest).toBe('20.19.0')
    expect(tooNew).toEqual([])
  })
})
