// `altegio-hooks-mock/testcontainers`: the Docker image as a Testcontainers
// module. Apart from the main entry, so that testcontainers stays an optional
// peer: only who imports this needs it installed.
import { readFile } from 'node:fs/promises'
import type * as Testcontainers from 'testcontainers'
import { type ConnectOptions, connectAltegioMock } from './client/connect.js'
import { checkId, checkSeed } from './control/code-input.js'
import type { AltegioMock } from './mock.js'
import { assertValid } from './schemas/assert.js'
import { FaultSpec } from './schemas/faults.js'
import type { SeedBody } from './schemas/hooks-settings/settings.js'

/**
 * testcontainers, loaded so that who imports this entry without it installed
 * is told what to install rather than Node's bare "Cannot find package".
 */
async function loadTestcontainers(): Promise<typeof Testcontainers> {
  try {
    return await import('testcontainers')
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND'
    if (!missing || !(error as Error).message.includes("package 'testcontainers'")) throw error
    const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'))
    const range: string = manifest.peerDependencies.testcontainers
    throw new Error(
      `altegio-hooks-mock/testcontainers needs the testcontainers package (${range}), an optional peer that is not installed here. Install it: npm install --save-dev testcontainers`,
      { cause: error },
    )
  }
}
const { AbstractStartedContainer, GenericContainer, Wait } = await loadTestcontainers()

/** The port the image listens on (its PORT). */
export const MOCK_PORT = 8080
/** Where withFaults puts its file: /app is the image's WORKDIR, readable by its node user. */
const FAULTS_FILE = '/app/faults.json'
/** Where withInitialState puts its document. */
const INITIAL_STATE_FILE = '/app/initial-state.json'

const checkFault = assertValid(FaultSpec)

/**
 * The mock's Docker image as a Testcontainers module: `start()` resolves once
 * GET /__mock/health answers, with the settings of withSettings seeded.
 * Like startAltegioMock, it keeps its data in memory; give
 * `withEnvironment({ DATA_FILE: '/data/db.json' })` to keep it across a restart.
 */
export class AltegioMockContainer extends GenericContainer {
  readonly #settings = new Map<number, SeedBody>()
  readonly #faults: FaultSpec[] = []
  #initialState: Record<string, unknown> | undefined

  /** `image`: the tag given to `docker build -t`, by default the project's name. */
  constructor(image = 'altegio-hooks-mock') {
    super(image)
    this.withEnvironment({ DATA_FILE: ':memory:' })
      .withWaitStrategy(Wait.forHttp('/__mock/health', MOCK_PORT).forStatusCode(200))
      .withStartupTimeout(60_000)
  }

  /**
   * Seeds a location's settings with `client().seed()` once the mock
   * answers, before start() resolves: the mock has no settings file to start
   * from. Checked here, as seed() checks them. Called again for the same
   * location, the last settings win.
   */
  withSettings(locationId: number, settings: SeedBody): this {
    checkId(locationId, 'locationId')
    checkSeed(settings)
    this.#settings.set(locationId, settings)
    return this
  }

  /**
   * Faults the mock starts with (its --faults file, FAULTS_FILE): they are in
   * place before the first request. Checked here, so a wrong one fails now
   * rather than as a container that exits before it is healthy.
   */
  withFaults(faults: FaultSpec[]): this {
    for (const [index, spec] of faults.entries()) checkFault(spec, `fault ${index}`)
    this.#faults.push(...faults)
    return this
  }

  /**
   * The state the mock starts with, and a reset returns to (its
   * --initial-state file, INITIAL_STATE_FILE): a document as
   * `client().state.export()` answers it, checked by the mock at start.
   */
  withInitialState(document: Record<string, unknown>): this {
    this.#initialState = document
    return this
  }

  override async start(): Promise<StartedAltegioMockContainer> {
    this.withExposedPorts(MOCK_PORT)
    if (this.#initialState) {
      this.withCopyContentToContainer([
        {
          content: JSON.stringify(this.#initialState),
          target: INITIAL_STATE_FILE,
          mode: 0o644,
        },
      ]).withEnvironment({ INITIAL_STATE_FILE })
    }
    if (this.#faults.length > 0) {
      this.withCopyContentToContainer([
        { content: JSON.stringify(this.#faults), target: FAULTS_FILE, mode: 0o644 },
      ]).withEnvironment({ FAULTS_FILE })
    }
    const started = new StartedAltegioMockContainer(await super.start())
    const mock = started.client()
    try {
      for (const [locationId, settings] of this.#settings) await mock.seed(locationId, settings)
    } catch (error) {
      // The container would outlive the failed start() otherwise.
      await started.stop().catch(() => {})
      throw error
    } finally {
      await mock.close()
    }
    return started
  }
}

/** A running AltegioMockContainer. */
export class StartedAltegioMockContainer extends AbstractStartedContainer {
  /** http://HOST:PORT, the mapped port on the engine's host. */
  getUrl(): string {
    const host = this.getHost()
    // An IPv6 address needs brackets in a URL.
    return `http://${host.includes(':') ? `[${host}]` : host}:${this.getMappedPort(MOCK_PORT)}`
  }

  /** `${getUrl()}/api/v1`: the base URL to give an Altegio client. */
  getApiUrl(): string {
    return `${this.getUrl()}/api/v1`
  }

  /**
   * The mock's code API over HTTP, `connectAltegioMock(getUrl(), options)`: a
   * new connection each call. Its close() ends that connection; stop() the
   * container to stop the mock.
   */
  client(options?: ConnectOptions): AltegioMock {
    return connectAltegioMock(this.getUrl(), options)
  }
}
