// Misbehaving webhook receivers, in a process of their own so that their
// work does not slow the test's own latency measurements. Prints their URLs.
import { createServer } from 'node:http'

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
