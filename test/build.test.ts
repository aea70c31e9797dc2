import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, readFile, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { BUILD_INPUTS } from '../scripts/build-inputs.mjs'
import { tempDir } from './helpers.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const run = promisify(execFile)

it('builds dist/ only when an input changed, and dist/ is never missing while it builds', async () => {
  // A copy of the project, so this test's builds never swap the dist/ other tests run.
  const copy = await tempDir()
  for (const name of BUILD_INPUTS) {
    await cp(join(ROOT, name), join(copy, name), { recursive: true })
  }
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'))
  const build = () => run(process.execPath, ['scripts/build.mjs'], { cwd: copy })
  const cli = join(copy, 'dist', 'altegio-hooks-mock.js')

  await build()
  expect(existsSync(cli)).toBe(true)
  const again = await build()
  expect(again.stderr).toBe(
    'altegio-hooks-mock: dist/ is up to date with src/ (npm run build -- --force builds anyway)\n',
  )

  // A change to a source builds again; meanwhile the old dist/ stays whole.
  await writeFile(
    join(copy, 'src', 'cli.ts'),
    `${await readFile(join(copy, 'src', 'cli.ts'), 'utf8')}\n// changed\n`,
  )
  let missing = 0
  let done = false
  const rebuilding = build().finally(() => {
    done = true
  })
  while (!done) {
    if (!existsSync(cli)) missing += 1
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  const rebuilt = await rebuilding
  expect(rebuilt.stderr).not.toContain('up to date')
  expect(missing).toBe(0)
  expect(existsSync(join(copy, 'dist', 'index.d.ts'))).toBe(true)
}, 120_000)
