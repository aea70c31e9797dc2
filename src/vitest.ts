/// <reference types="vitest" preserve="true" />
// `altegio-hooks-mock/vitest`: one mock for a whole vitest run. A project's
// globalSetup file re-exports `setup` and `teardown` (or the result of
// `altegioMockSetup(options)`); each test file connects with
// `connectAltegioMock(inject('altegioMock').url)`.
import { type AltegioMockOptions, type LocalAltegioMock, startAltegioMock } from './mock.js'

/** What the global setup hands to the test files. */
export interface ProvidedAltegioMock {
  /** http://127.0.0.1:PORT: give it to connectAltegioMock. */
  url: string
  /** `${url}/api/v1`: the base URL to give the integration's Altegio client. */
  apiUrl: string
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The mock the altegio-hooks-mock global setup started. */
    altegioMock: ProvidedAltegioMock
  }
}

/** The part of vitest's TestProject a global setup uses (vitest 3 and later). */
export interface ProvidingProject {
  provide(key: 'altegioMock', value: ProvidedAltegioMock): void
}

/**
 * A global setup that starts one mock with `options` (defaults: a free port
 * of 127.0.0.1, settings in memory), provides its URLs as `altegioMock`, and
 * stops it after the run. `export default altegioMockSetup({...})` from a
 * globalSetup file.
 */
export function altegioMockSetup(
  options: AltegioMockOptions = {},
): (project: ProvidingProject) => Promise<() => Promise<void>> {
  return async (project) => {
    const mock = await startAltegioMock(options)
    project.provide('altegioMock', { url: mock.url, apiUrl: mock.apiUrl })
    return () => mock.close()
  }
}

let running: LocalAltegioMock | undefined

/** vitest's globalSetup `setup`: one mock with the default options. */
export async function setup(project: ProvidingProject): Promise<void> {
  running = await startAltegioMock()
  project.provide('altegioMock', { url: running.url, apiUrl: running.apiUrl })
}

/** vitest's globalSetup `teardown`: stops the mock `setup` started. */
export async function teardown(): Promise<void> {
  await running?.close()
  running = undefined
}
