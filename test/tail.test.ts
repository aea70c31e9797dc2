// `altegio-hooks-mock tail` against a running mock: the built CLI both sides, its output read.
import { spawn } from 'node:child_process'
import { expect, it } from 'vitest'
import { fullBody, HEADERS, onCleanup } from './helpers.js'
import { CLI, runCli, startCli } from './mock-process.js'
import { refusingUrl, startReceiver } from './receiver.js'

function startTail(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, 'tail', ...args], {
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk) => {
    stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  onCleanup(async () => {
    if (child.exitCode === null) child.kill('SIGKILL')
    await exited
  })
  /** The output's lines once `done` accepts them, or a failure saying what was printed. */
  const lines = async (done: (lines: string[]) => boolean, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const got = stdout.split('\n').filter((line) => line !== '')
      if (done(got)) return got
      if (Date.now() > deadline) throw new Error(`tail printed:\n${stdout}\nstderr:\n${stderr}`)
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
  }
  return { child, lines, stderr: () => stderr, exited }
}

async function seed(url: string, location: number, receiver: string) {
  const response = await fetch(`${url}/__mock/locations/${location}/settings`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fullBody([receiver], { record: 1 })),
  })
  expect(response.status).toBe(200)
}

async function trigger(url: string, location: number, resourceId: number) {
  const response = await fetch(`${url}/__mock/locations/${location}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ resource: 'record', status: 'create', resource_id: resourceId }),
  })
  expect(response.status).toBe(202)
}

const ESC = '\u001b'

it("prints one line per entry of a location, each failed attempt's answer, and what happened before it started", async () => {
  const failing = await startReceiver(() => 503)
  const ok = await startReceiver()
  const mock = await startCli([
    '--port',
    '0',
    '--data',
    ':memory:',
    '--delivery-retries',
    '1',
    '--delivery-retry-delay-ms',
    '50',
  ])
  await seed(mock.url, 7, failing.url)
  await seed(mock.url, 8, ok.url)
  await fetch(`${mock.url}/api/v1/hooks_settings/7`, { headers: HEADERS })
  const tail = startTail([mock.url, '--location', '7'])
  await tail.lines((got) => got.length >= 1)
  await trigger(mock.url, 8, 2)
  await trigger(mock.url, 7, 1)
  const got = await tail.lines((lines) => lines.some((line) => line.includes(', failed')))
  const time = '\\d\\d:\\d\\d:\\d\\d\\.\\d{3}'
  const patterns = [
    // From the journal, before tail started.
    `^${time} loc 7 +request +GET /api/v1/hooks_settings/7 -> 200, [0-9.]+ ms$`,
    `^${time} loc 7 +trigger +trigger record create 1: deliveries 2$`,
    `^${time} loc 7 +delivery +delivery 2: record create 1 to ${failing.url} <- trigger:\\d+$`,
    `^${time} loc 7 +attempt +attempt 1 of delivery 2 \\(record create\\) to ${failing.url}: HTTP 503, [0-9.]+ ms, retrying, retry at \\S+ <- delivery:2$`,
    `^${time} loc 7 +attempt +attempt 2 of delivery 2 \\(record create\\) to ${failing.url}: HTTP 503, [0-9.]+ ms, failed <- delivery:2$`,
  ]
  expect(got).toHaveLength(patterns.length)
  got.forEach((line, n) => {
    expect(line).toMatch(new RegExp(patterns[n] as string))
  })
  // Not a terminal: no colour.
  expect(got.join('\n')).not.toContain(ESC)
  tail.child.kill('SIGINT')
  expect(await tail.exited).toBe(0)
})

it('--failed prints only failures, in red where colour is asked for; NO_COLOR wins', async () => {
  const failing = await startReceiver(() => 500)
  const mock = await startCli(['--port', '0', '--data', ':memory:', '--delivery-retries', '0'])
  await seed(mock.url, 3, failing.url)
  const colored = startTail([mock.url, '--failed'], { FORCE_COLOR: '1' })
  const plain = startTail([mock.url, '--failed'], { FORCE_COLOR: '1', NO_COLOR: '1' })
  await new Promise((resolve) => setTimeout(resolve, 500))
  await fetch(`${mock.url}/api/v1/hooks_settings/3`, { headers: HEADERS })
  await fetch(`${mock.url}/api/v1/hooks_settings/3`, { headers: {} })
  await trigger(mock.url, 3, 5)
  const red = await colored.lines((lines) => lines.length >= 2)
  expect(red).toHaveLength(2)
  expect(red[0]).toContain(`${ESC}[31mGET /api/v1/hooks_settings/3 -> 401`)
  expect(red[1]).toContain(
    `${ESC}[31mattempt 1 of delivery 1 (record create) to ${failing.url}: HTTP 500`,
  )
  const lines = await plain.lines((got) => got.length >= 2)
  expect(lines.join('\n')).not.toContain(ESC)
  expect(lines[1]).toMatch(
    / loc 3 +attempt +attempt 1 of delivery 1 .*: HTTP 500, [0-9.]+ ms, failed <- delivery:1$/,
  )
})

it('waits for a mock that is not up yet, says so, and connects once it is', async () => {
  const { origin, port } = new URL(await refusingUrl())
  const tail = startTail([origin])
  const stderr = async (text: string) => {
    for (let n = 0; n < 200 && !tail.stderr().includes(text); n++) {
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    return tail.stderr()
  }
  expect(await stderr('waiting')).toBe(
    `altegio-hooks-mock tail: waiting for the mock at ${origin} (ECONNREFUSED)\n`,
  )
  const mock = await startCli(['--port', port, '--data', ':memory:'])
  expect(await stderr('connected')).toBe(
    `altegio-hooks-mock tail: waiting for the mock at ${origin} (ECONNREFUSED)\naltegio-hooks-mock tail: connected to ${origin}\n`,
  )
  await fetch(`${mock.url}/api/v1/hooks_settings/4`, { headers: HEADERS })
  expect(await tail.lines((lines) => lines.length >= 1)).toEqual([
    expect.stringMatching(/ loc 4 +request +GET \/api\/v1\/hooks_settings\/4 -> 200, /),
  ])
  // The mock restarts on the same port: tail says so, and goes on with the new one's entries.
  mock.child.kill('SIGTERM')
  await mock.exited
  const noted = tail.stderr().length
  for (let n = 0; n < 200 && !tail.stderr().slice(noted).includes('waiting'); n++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  const again = await startCli(['--port', port, '--data', ':memory:'])
  for (let n = 0; n < 200 && tail.stderr().slice(noted).split('connected').length < 2; n++) {
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  expect(tail.stderr().slice(noted)).toMatch(
    /^altegio-hooks-mock tail: waiting for the mock at .* \(.+\)\naltegio-hooks-mock tail: connected to .*\n$/,
  )
  await fetch(`${again.url}/api/v1/hooks_settings/5`, { headers: HEADERS })
  expect(await tail.lines((lines) => lines.length >= 2)).toEqual([
    expect.stringMatching(/ loc 4 +request +GET \/api\/v1\/hooks_settings\/4 -> 200, /),
    expect.stringMatching(/ loc 5 +request +GET \/api\/v1\/hooks_settings\/5 -> 200, /),
  ])
})

it('refuses bad arguments with exit code 2, and says how to give them', async () => {
  expect(await runCli(['tail', '--location', 'abc'])).toEqual({
    code: 2,
    stdout: '',
    stderr:
      'altegio-hooks-mock: --location must be a location id (a positive integer, e.g. --location 123), got "abc".\n',
  })
  expect(await runCli(['tail', 'localhost:8080'])).toEqual({
    code: 2,
    stdout: '',
    stderr:
      'altegio-hooks-mock: "localhost:8080" is not the mock\'s URL: give it as http://HOST:PORT (e.g. http://127.0.0.1:8080).\n',
  })
  const help = await runCli(['tail', '--help'])
  expect([help.code, help.stdout.split('\n')[0]]).toEqual([
    0,
    'altegio-hooks-mock tail: the live timeline of a running mock, one line per entry',
  ])
})
