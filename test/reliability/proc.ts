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
