import type { IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'

/** At most this much of a refused body is read and dropped after the answer... */
const DRAIN_BYTES = 8 * 1024 * 1024
/** ...for at most this long; then the connection closes whatever the client still sends. */
const DRAIN_MS = 2000

/**
 * An answer given before the body was read (413) closes the connection; closed
 * with the body's bytes unread, the kernel resets it, and a client still
 * writing (node:http, undici) meets EPIPE instead of reading the answer. So
 * the connection reads and drops what follows, within bounds, before it closes.
 */
export function drainBeforeClose(request: IncomingMessage): void {
  const socket = request.socket
  if (request.complete || socket.destroyed) return
  // Node's server calls destroySoon() once the answer is written on a connection it closes.
  socket.destroySoon = function drainThenClose(this: Socket) {
    this.end()
    let read = 0
    const close = () => {
      clearTimeout(timer)
      this.destroy()
    }
    const timer = setTimeout(close, DRAIN_MS)
    timer.unref()
    this.on('data', (chunk: Buffer) => {
      read += chunk.length
      if (read > DRAIN_BYTES) close()
    })
    this.once('end', close)
    request.resume()
    this.resume()
  }
}
