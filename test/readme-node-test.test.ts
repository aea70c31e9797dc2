import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'

const EXAMPLE = fileURLToPath(new URL('../examples/node-test/', import.meta.url))

it("the README's node:test example passes under `node --test`", async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--test', EXAMPLE])
  expect(stdout).toMatch(/^# tests 1$/m)
  expect(stdout).toMatch(/^# pass 1$/m)
  expect(stdout).toMatch(/^# fail 0$/m)
})
