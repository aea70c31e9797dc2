// Misbehaving webhook receivers, and the events that keep them busy, in a
// process of their own: the test's process then does the same work (its GET
// load) whether deliveries go on or not, so its latency figures compare.
// Prints the receivers' URLs; then reads commands on stdin:
//   start MOCK_URL  trigger 3 record events at locations 1-4 every 200 ms
//   stop            stop triggering (answers "stopped")
import { createServer } from 'node:http'
import { createInterface } from 'node:readline'

const behaviours = {
  hanging: () => {},
  slow: (res) => setTimeout(() => res.writeHead(200).end(), 500),
  failing: (res) => res.writeHead(500).end(),
}
const urls = {}
for (const [name, behave] of Object.entries(behaviours)) {
  const server = createServer((req, res) => {
    req.resume()
    req.on('end', () => behave(res))
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  urls[name] = `http://127.0.0.1:${server.address().port}/hooks`
}
process.stdout.write(`${JSON.stringify(urls)}\n`)

const events = JSON.stringify({
  events: [1, 2, 3].map((id) => ({ resource: 'record', status: 'create', resource_id: id })),
})
let timer
for await (const line of createInterface({ input: process.stdin })) {
  const [command, mockUrl] = line.split(' ')
  if (command === 'start') {
    timer = setInterval(() => {
      for (let location = 1; location <= 4; location++) {
        fetch(`${mockUrl}/__mock/locations/${location}/events/batch`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: events,
        }).then((res) => res.arrayBuffer())
      }
    }, 200)
  } else if (command === 'stop') {
    clearInterval(timer)
    process.stdout.write('stopped\n')
  }
}
