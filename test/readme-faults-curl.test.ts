import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { fullBody, HEADERS } from './helpers.js'
import { startCli } from './mock-process.js'

const SCRIPT = fileURLToPath(new URL('../examples/faults-walkthrough.sh', import.meta.url))

it("the README's faults walkthrough removes the fault it added by its id, on a fresh mock and on one that had faults", async () => {
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const run = async () => {
    const { stdout } = await promisify(execFile)('sh', [SCRIPT], {
      env: { ...process.env, MOCK: mock.url },
    })
    return stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { success: boolean; data: Record<string, unknown> })
  }
  const first = await run()
  expect(first.map((a) => a.success)).toEqual([true, true, true, true, true])
  expect(first[3]).toEqual({ success: true, data: { removed: 2 }, meta: [] })
  const kinds = (await (await fetch(`${mock.url}/__mock/faults`)).json()) as {
    data: { id: number; kind: string }[]
  }
  expect(kinds.data.map(({ id, kind }) => ({ id, kind }))).toEqual([
    { id: 1, kind: 'status' },
    { id: 3, kind: 'reset' },
  ])
  // The oldest matching fault wins: a POST gets the 503, a GET the dropped connection.
  const post = await fetch(`${mock.url}/api/v1/hooks_settings/123`, {
    method: 'POST',
    headers: { ...HEADERS, 'content-type': 'application/json' },
    body: JSON.stringify(fullBody()),
  })
  expect(post.status).toBe(503)
  await expect(
    fetch(`${mock.url}/api/v1/hooks_settings/123`, { headers: HEADERS }),
  ).rejects.toThrow(TypeError)
  // Run again on a mock that had faults: the ids go on, and the script removes the one it got.
  const second = await run()
  expect(second[3]).toEqual({ success: true, data: { removed: 5 }, meta: [] })
})
