// Builds dist/ only when its inputs changed since the build that made it, and
// into a folder of its own that then takes dist/'s place whole: `npm start`
// after `npm ci` starts at once, and a project that installed this folder
// never finds dist/ missing or half-written. --force builds anyway.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUILD_INPUTS } from './build-inputs.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const STAMP = '.build-inputs'

function* files(path) {
  if (!existsSync(path)) return
  try {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      yield* files(join(path, entry.name))
    }
  } catch (error) {
    if (error.code !== 'ENOTDIR') throw error
    yield path
  }
}

const hash = createHash('sha256')
for (const input of BUILD_INPUTS) {
  for (const file of files(join(root, input))) {
    hash
      .update(`${relative(root, file)}\0`)
      .update(readFileSync(file))
      .update('\0')
  }
}
const inputs = hash.digest('hex')
const stamp = join(root, 'dist', STAMP)
if (
  !process.argv.includes('--force') &&
  existsSync(stamp) &&
  readFileSync(stamp, 'utf8') === inputs
) {
  console.error(
    'altegio-hooks-mock: dist/ is up to date with src/ (npm run build -- --force builds anyway)',
  )
  process.exit(0)
}

const next = join(root, `dist.next-${process.pid}`)
const old = join(root, `dist.old-${process.pid}`)
rmSync(next, { recursive: true, force: true })
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  const run = (args, env = {}) =>
    execFileSync(process.execPath, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    })
  run([tsc, '-p', 'tsconfig.build.json', '--outDir', next])
  run([join(root, 'scripts', 'bundle.mjs')], { ALTEGIO_MOCK_OUT_DIR: next })
  writeFileSync(join(next, STAMP), inputs)
} catch (error) {
  rmSync(next, { recursive: true, force: true })
  throw error
}
// Two renames: dist/ is gone only between them, never while a build runs.
if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old)
renameSync(next, join(root, 'dist'))
rmSync(old, { recursive: true, force: true })
