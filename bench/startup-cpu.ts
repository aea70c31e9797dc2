// Start-up of several builds of the CLI side by side, for an A/B of a change
// (docs/performance.md#start-up): each round starts every build once, then the
// bare server, and times each to its first 200 from /__mock/health, in wall
// time and in CPU time of the main thread (from /proc), which moves less than
// wall time when others share the machine.
// Usage: npx tsx bench/startup-cpu.ts ROUNDS path/to/altegio-hooks-mock.js [...more builds]
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { median, startToHealth, writeDataFile } from './lib.js'

const BARE = fileURLToPath(new URL('bare-server.mjs', import.meta.url))
const [rounds = '15', ...builds] = process.argv.slice(2)
if (builds.length === 0) throw new Error('usage: bench/startup-cpu.ts ROUNDS CLI.js [CLI.js ...]')

/** CPU time of a process's main thread so far, in ms (schedstat's first field is ns on the CPU). */
function mainThreadCpuMs(pid: number): number {
  return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
}

/** CPU time of all of a process's threads so far, in ms. */
function allThreadsCpuMs(pid: number): number {
  let sum = 0
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    sum += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  }
  return sum
}

interface Start {
  wall: number
  main: number
  all: number
}

async function start(args: string[]): Promise<Start> {
  const { server, ms: wall } = await startToHealth(args)
  const pid = server.child.pid as number
  const cpu = { main: mainThreadCpuMs(pid), all: allThreadsCpuMs(pid) }
  await server.stop()
  return { wall, ...cpu }
}

// A data file of 10 locations, as the bench's start-up row reads.
const file = join(await mkdtemp(join(tmpdir(), 'startup-cpu-')), 'startup.json')
await writeDataFile(file, 10, (id) => ({
  urls: [`https://receiver.example/${id}`],
  active: 1,
  record: 1,
}))

const starts = builds.map((): Start[] => [])
const bare: Start[] = []
for (let round = 0; round < Number(rounds); round++) {
  for (const [i, cli] of builds.entries()) {
    starts[i]?.push(await start([cli, '--port', '0', '--data', file, '--log-level', 'silent']))
  }
  bare.push(await start([BARE, '0']))
}
const of = (list: Start[], key: keyof Start) => median(list.map((s) => s[key]))
const rows = [['bare server', bare] as const, ...builds.map((cli, i) => [cli, starts[i]] as const)]
console.table(
  rows.map(([name, list = []]) => ({
    build: name,
    'wall ms': of(list, 'wall').toFixed(1),
    'wall ratio': (of(list, 'wall') / of(bare, 'wall')).toFixed(3),
    'main thread CPU ms': of(list, 'main').toFixed(1),
    'CPU ratio': (of(list, 'main') / of(bare, 'main')).toFixed(3),
    'all threads CPU ms': of(list, 'all').toFixed(1),
  })),
)
