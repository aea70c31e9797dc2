import { connect, type Socket } from 'node:net'
import { onCleanup } from './helpers.js'

export interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: string
}

/** Parses one HTTP/1.1 answer as the raw bytes a socket received. */
export function parseAnswer(raw: string): RawAnswer {
  const split = raw.indexOf('\r\n\r\n')
  const [statusLine = '', ...lines] = raw.slice(0, split).split('\r\n')
  const headers = Object.fromEntries(
    lines.map((line) => {
      const at = line.indexOf(':')
      return [line.slice(0, at).toLowerCase(), line.slice(at + 1).trim()]
    }),
  )
  return { status: Number(statusLine.split(' ')[1]), headers, body: raw.slice(split + 4) }
}

/** A raw TCP connection to `url`'s host and port, closed after the test. */
export async function rawSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url)
  const socket = connect(Number(port), hostname)
  onCleanup(async () => {
    socket.destroy()
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return socket
}

/** Sends `bytes` and resolves with everything the server wrote until it closed. */
export async function exchange(url: string, bytes: string | Buffer): Promise<RawAnswer> {
  const socket = await rawSocket(url)
  return new Promise((resolve, reject) => {
    let received = ''
    socket.on('data', (chunk) => {
      received += chunk
    })
    socket.on('error', reject)
    socket.on('close', () => resolve(parseAnswer(received)))
    socket.write(bytes)
  })
}
