// Reads GET /__mock/events/stream as a client does: one parsed event at a time.
import type { TimelineEntry } from '../src/schemas/timeline.js'
import { onCleanup } from './helpers.js'

export interface SseEvent {
  id: string | undefined
  event: string
  data: string
}

export interface SseReader {
  status: number
  headers: Headers
  /** Resolves with the next event, or rejects after `timeoutMs`. */
  next(timeoutMs?: number): Promise<SseEvent>
  /** Events up to and including the first that `done` accepts. */
  until(done: (event: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent[]>
  close(): void
}

export async function openStream(url: string, headers: Record<string, string> = {}) {
  const controller = new AbortController()
  const response = await fetch(url, { headers, signal: controller.signal })
  const reader = (response.body as ReadableStream<Uint8Array>).getReader()
  const decoder = new TextDecoder()
  let buffer = ''
  const queue: SseEvent[] = []
  const close = () => controller.abort()
  onCleanup(async () => close())
  const parse = () => {
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const fields: Record<string, string> = {}
      for (const line of block.split('\n')) {
        if (line.startsWith(':') || line === '') continue
        const colon = line.indexOf(':')
        fields[line.slice(0, colon)] = line.slice(colon + 1).replace(/^ /, '')
      }
      if (fields.data === undefined) continue
      queue.push({ id: fields.id, event: fields.event ?? 'message', data: fields.data })
    }
  }
  const next = async (timeoutMs = 5000): Promise<SseEvent> => {
    const deadline = Date.now() + timeoutMs
    while (queue.length === 0) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error('no event in time')
      let timer: NodeJS.Timeout | undefined
      const chunk = await Promise.race([
        reader.read(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no event within ${timeoutMs} ms`)), left)
        }),
      ]).finally(() => clearTimeout(timer))
      if (chunk.done) throw new Error('the stream ended')
      buffer += decoder.decode(chunk.value, { stream: true })
      parse()
    }
    return queue.shift() as SseEvent
  }
  const until = async (done: (event: SseEvent) => boolean, timeoutMs = 5000) => {
    const events: SseEvent[] = []
    for (;;) {
      const event = await next(timeoutMs)
      events.push(event)
      if (done(event)) return events
    }
  }
  return { status: response.status, headers: response.headers, next, until, close }
}

export const entryOf = (event: SseEvent) => JSON.parse(event.data) as TimelineEntry
