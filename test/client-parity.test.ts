// One suite, three ways to reach a mock: startAltegioMock() in this process,
// connectAltegioMock() to a mock in this process, and connectAltegioMock() to
// the built CLI (run `npm run build` first; `npm test` does). Every case also
// runs on a fresh local mock, and both must answer the same.
import { describe } from 'vitest'
import { connectAltegioMock } from '../src/client/connect.js'
import type { AltegioMock } from '../src/mock.js'
import { onCleanup, testMock } from './helpers.js'
import { startCli } from './mock-process.js'
import type { ParityOptions, StartMock } from './parity.js'
import { parityCases } from './parity-cases.js'

const connected = (url: string): AltegioMock => {
  const mock = connectAltegioMock(url)
  onCleanup(() => mock.close())
  return mock
}

const local: StartMock = (options) => testMock(options)

const inProcess: StartMock = async (options) => connected((await testMock(options)).url)

/** The options as the CLI's flags: maxDeliveries as --max-deliveries. */
const flags = (options: ParityOptions = {}) =>
  Object.entries(options).flatMap(([name, value]) => [
    `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
    String(value),
  ])

const cli: StartMock = async (options) =>
  connected((await startCli(['--port', '0', '--data', ':memory:', ...flags(options)])).url)

describe('startAltegioMock()', () => parityCases(local, local))
describe('connectAltegioMock() to a mock in this process', () => parityCases(inProcess, local))
describe('connectAltegioMock() to the CLI', () => parityCases(cli, local))
