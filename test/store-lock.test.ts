// The data file's lock, against other processes: each opens a Store of the
// build (set ALTEGIO_MOCK_CLI to run them against another one).
import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { link, readdir, readFile, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { DataFileError } from '../src/store/data-file.js'
import { Store } from '../src/store/store.js'
import { onCleanup, tempDir } from './helpers.js'
import { CLI, runCli } from './mock-process.js'

const STORE = pathToFileURL(join(dirname(CLI), 'store', 'store.js')).href

// Loads the store, says "ready", opens the file on "go", says how that went, holds it until stdin ends.
const OPENER = `
import { Store } from ${JSON.stringify(STORE)}
process.stdout.write('ready\\n')
process.stdin.once('data', async () => {
  try {
    const store = await Store.open(process.argv[1])
    process.stdout.write('won\\n')
    process.stdin.once('end', () => store.close())
  } catch (error) {
    process.stdout.write(\`lost: \${error.message}\\n\`)
    process.stdin.destroy()
  }
})
`

interface Opener {
  child: ChildProcess
  /** The next line it writes. */
  line: () => Promise<string>
}

function opener(file: string): Opener {
  const child = spawn(process.execPath, ['--input-type=module', '-e', OPENER, file], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  const exited = once(child, 'exit')
  onCleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  })
  const lines: string[] = []
  const waiting: ((line: string) => void)[] = []
  let rest = ''
  child.stdout?.on('data', (chunk) => {
    rest += chunk
    for (let end = rest.indexOf('\n'); end !== -1; end = rest.indexOf('\n')) {
      const line = rest.slice(0, end)
      rest = rest.slice(end + 1)
      const next = waiting.shift()
      if (next) next(line)
      else lines.push(line)
    }
  })
  return {
    child,
    line: () =>
      new Promise((resolve) => {
        const line = lines.shift()
        if (line === undefined) waiting.push(resolve)
        else resolve(line)
      }),
  }
}

/** Until `child` has exited. */
async function gone(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit')
}

describe('the data file lock, between processes', () => {
  it('lets exactly one of two processes opening one file at the same instant have it, 20 times', async () => {
    const dir = await tempDir()
    for (let round = 0; round < 20; round++) {
      const file = join(dir, `db-${round}.json`)
      const pair = [opener(file), opener(file)]
      expect(await Promise.all(pair.map((p) => p.line()))).toEqual(['ready', 'ready'])
      for (const p of pair) p.child.stdin?.write('go\n')
      const said = await Promise.all(pair.map((p) => p.line()))
      const winner = pair[said.indexOf('won')]
      expect(said.filter((line) => line === 'won')).toHaveLength(1)
      expect(said.find((line) => line !== 'won')).toBe(
        `lost: Cannot use the data file ${file}: another altegio-hooks-mock (pid ${winner?.child.pid}) is using it (see ${file}.lock). Stop that one, or give each mock its own --data file, or :memory:.`,
      )
      expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toEqual({
        pid: winner?.child.pid,
        hostname: hostname(),
      })
      for (const p of pair) p.child.stdin?.end()
      await Promise.all(pair.map((p) => gone(p.child)))
      expect(existsSync(`${file}.lock`)).toBe(false)
    }
  })

  it('lets exactly one of two processes take over a dead process’s lock at the same instant, 10 times', async () => {
    const dir = await tempDir()
    const dead = spawn(process.execPath, ['-e', ''])
    await once(dead, 'exit')
    for (let round = 0; round < 10; round++) {
      const file = join(dir, `db-${round}.json`)
      await writeFile(`${file}.lock`, JSON.stringify({ pid: dead.pid, hostname: hostname() }))
      const pair = [opener(file), opener(file)]
      expect(await Promise.all(pair.map((p) => p.line()))).toEqual(['ready', 'ready'])
      for (const p of pair) p.child.stdin?.write('go\n')
      const said = await Promise.all(pair.map((p) => p.line()))
      expect(said.filter((line) => line === 'won')).toHaveLength(1)
      for (const p of pair) p.child.stdin?.end()
      await Promise.all(pair.map((p) => gone(p.child)))
    }
  })

  it('takes an empty lock for one being written: held while it is new, stale once old', async () => {
    const file = join(await tempDir(), 'db.json')
    await writeFile(`${file}.lock`, '')
    await expect(Store.open(file)).rejects.toThrow(
      `Cannot use the data file ${file}: another altegio-hooks-mock is starting on it (${file}.lock is new and still empty). Wait for it, or give each mock its own --data file, or :memory:; a lock left empty for a few seconds is taken over.`,
    )
    const old = new Date(Date.now() - 60_000)
    await utimes(`${file}.lock`, old, old)
    const store = await Store.open(file)
    expect(JSON.parse(await readFile(`${file}.lock`, 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
    })
    await store.close()
    expect(existsSync(`${file}.lock`)).toBe(false)
  })
})

describe('what taking the lock leaves', () => {
  it('removes the lock’s own files a killed process left beside the data file, and no others', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const dead = spawn(process.execPath, ['-e', ''])
    await once(dead, 'exit')
    const left = [
      `db.json.lock.${dead.pid}-0a1b2c3d.tmp`,
      `db.json.lock.${dead.pid}-0a1b2c3d.stale`,
    ]
    const kept = [`db.json.lock.${process.pid}-0a1b2c3d.tmp`, 'db.json.lock.notes.tmp']
    for (const name of [...left, ...kept]) await writeFile(join(dir, name), '')
    const store = await Store.open(file)
    await store.close()
    expect((await readdir(dir)).sort()).toEqual(['db.json', ...kept].sort())
  })
})

describe('a data file with another name', () => {
  it('refuses a hard-linked data file, naming the fix, and leaves both names alone', async () => {
    const dir = await tempDir()
    const file = join(dir, 'db.json')
    const other = join(dir, 'other.json')
    const text = '{"locations": {}}'
    await writeFile(file, text)
    await link(file, other)
    const error = await Store.open(other).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DataFileError)
    expect((error as Error).message).toBe(
      `Cannot use the data file ${other}: it has 2 hard links: a second mock could open it by another name, past the lock. Give this mock a copy of its own (cp ${other} ${other}.own, then --data ${other}.own), or remove the other links.`,
    )
    const cli = await runCli(['--port', '0', '--data', file])
    expect({ code: cli.code, stdout: cli.stdout, stderr: cli.stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr: `altegio-hooks-mock: Cannot use the data file ${file}: it has 2 hard links: a second mock could open it by another name, past the lock. Give this mock a copy of its own (cp ${file} ${file}.own, then --data ${file}.own), or remove the other links.\n`,
    })
    expect(await readFile(file, 'utf8')).toBe(text)
    expect(existsSync(`${file}.lock`)).toBe(false)
    expect(existsSync(`${other}.lock`)).toBe(false)
    expect(existsSync(`${file}.wal`)).toBe(false)
  })
})
