// Issue 18: 500 concurrent requests for the docs page's largest script, against
// the real process: every answer whole, resident memory bounded.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { Agent, get } from 'node:http'
import { fileURLToPath } from 'node:url'
import { expect, it } from 'vitest'
import { startCli } from '../mock-process.js'
import { memoryMb } from './proc.js'

const REQUESTS = 500
const FILE = fileURLToPath(new URL('../../dist/swagger-ui/swagger-ui-bundle.js', import.meta.url))
/**
 * A file streamed holds a chunk or two per connection; buffered whole, each
 * request held the file (about 1.7 MB) and copies of it: 500 of them come to
 * gigabytes. The bound is loose on purpose, and an order below that.
 */
const PEAK_GROWTH_BOUND_MB = 250

interface Answer {
  status: number
  type: string | undefined
  length: number
  sha256: string
}

function fetchWhole(agent: Agent, url: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      const hash = createHash('sha256')
      let length = 0
      response.on('data', (chunk: Buffer) => {
        hash.update(chunk)
        length += chunk.length
      })
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          type: response.headers['content-type'],
          length,
          sha256: hash.digest('hex'),
        }),
      )
      response.on('error', reject)
    }).on('error', reject)
  })
}

it(`answers ${REQUESTS} concurrent requests for the largest asset whole, in bounded memory`, async () => {
  const bytes = await readFile(FILE)
  const expected: Answer = {
    status: 200,
    type: 'application/javascript; charset=utf-8',
    length: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
  const mock = await startCli(['--port', '0', '--data', ':memory:'])
  const pid = mock.child.pid as number
  const url = `${mock.url}/__mock/docs/static/swagger-ui-bundle.js`
  const agent = new Agent({ keepAlive: false, maxSockets: REQUESTS })
  try {
    // The first request loads the docs module; its cost is not the one measured.
    expect(await fetchWhole(agent, url)).toEqual(expected)
    const before = memoryMb(pid, 'VmHWM')
    const answers = await Promise.all(
      Array.from({ length: REQUESTS }, () => fetchWhole(agent, url)),
    )
    const growth = memoryMb(pid, 'VmHWM') - before
    expect(answers.filter((answer) => JSON.stringify(answer) !== JSON.stringify(expected))).toEqual(
      [],
    )
    expect(growth).toBeLessThan(PEAK_GROWTH_BOUND_MB)
  } finally {
    agent.destroy()
  }
})
