// What Linux says about the mock's process: its memory and its open sockets.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs'

/** A field of /proc/PID/status in MB (VmRSS: resident now, VmHWM: its peak). */
export function memoryMb(pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1])
  return kb / 1024
}

/** Sockets the process holds open: its listening socket, and one per connection. */
export function openSockets(pid: number): number {
  let sockets = 0
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) sockets += 1
    } catch {
      // Closed between the listing and the look.
    }
  }
  return sockets
}

/** Polls `read` every 50 ms until it gives `wanted` or `ms` pass; returns what it read last. */
export async function settlesAt(read: () => number, wanted: number, ms: number): Promise<number> {
  const until = Date.now() + ms
  let value = read()
  while (value !== wanted && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50))
    value = read()
  }
  return value
}

/** The fields of /proc/PID/stat (or a thread's) after the command name, from the state on. */
function statFields(path: string): string[] | undefined {
  try {
    const stat = readFileSync(path, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  } catch {
    return undefined
  }
}

/** Live processes whose parent is `pid` and whose command line has `marker`. */
export function childProcesses(pid: number, marker: string): number[] {
  const children: number[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const fields = statFields(`/proc/${entry}/stat`)
    if (!fields || Number(fields[1]) !== pid || fields[0] === 'Z') continue
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker))
        children.push(Number(entry))
    } catch {}
  }
  return children
}

/** The niceness of each thread of `pid` (field 19 of its stat). */
export function threadNiceness(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map((tid) =>
    Number(statFields(`/proc/${pid}/task/${tid}/stat`)?.[16]),
  )
}

/** The process has exited (gone, or a zombie nobody reaped). */
export function exited(pid: number): boolean {
  const fields = statFields(`/proc/${pid}/stat`)
  return fields === undefined || fields[0] === 'Z' || fields[0] === 'X'
}
