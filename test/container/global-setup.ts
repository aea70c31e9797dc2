import { type ChildProcess, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { type Engine, findEngine } from './engine.js'

declare module 'vitest' {
  export interface ProvidedContext {
    /** The image built from this worktree, for every container test file. */
    image: string
    /** The engine that built it, which holds it: a docker CLI could reach another. */
    engine: 'docker' | 'podman'
    /**
     * The Docker API for testcontainers where it would not find one itself
     * (podman's, started here); undefined: DOCKER_HOST or the engine's own socket.
     */
    dockerHost: string | undefined
  }
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Resolves once something answers GET /_ping on the socket, the Docker API's liveness route. */
async function pinged(socketPath: string, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      request({ socketPath, path: '/_ping' }, (res) => {
        res.resume()
        resolve(res.statusCode === 200)
      })
        .on('error', () => resolve(false))
        .end()
    })
    if (ok) return
    if (Date.now() > deadline) throw new Error(`podman system service: no answer on ${socketPath}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/**
 * podman has a Docker-compatible API, but only while `podman system service`
 * serves it. The socket's name ends in podman.sock: testcontainers, where it
 * finds /.dockerenv, then looks for the engine's host on podman's network
 * rather than on a "bridge" network podman does not have.
 */
async function podmanService(): Promise<{ dockerHost: string; stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'altegio-hooks-mock-podman-'))
  const socketPath = join(dir, 'podman.sock')
  const service: ChildProcess = spawn(
    'podman',
    ['system', 'service', '--time=0', `unix://${socketPath}`],
    { stdio: 'ignore' },
  )
  const exited = new Promise<void>((resolve) => service.once('exit', () => resolve()))
  await pinged(socketPath, Date.now() + 20_000)
  return {
    dockerHost: `unix://${socketPath}`,
    async stop() {
      service.kill('SIGTERM')
      await exited
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** The Docker API testcontainers should use, where it would not find it alone. */
async function dockerApi(
  engine: Engine,
): Promise<{ dockerHost: string | undefined; stop(): Promise<void> }> {
  const none = { dockerHost: undefined, stop: async () => {} }
  if (process.env.DOCKER_HOST) return none
  if (engine.name === 'docker') {
    // The CLI's context may name a socket other than /var/run/docker.sock (rootless, colima).
    const host = await engine
      .run(['context', 'inspect', '--format', '{{.Endpoints.docker.Host}}'])
      .catch(() => '')
    return { ...none, dockerHost: host || undefined }
  }
  return podmanService()
}

/**
 * Builds the image once for every container test file (a build takes
 * minutes), and gives testcontainers a Docker API: podman's needs starting.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const engine = await findEngine()
  const image = `altegio-hooks-mock:test-${randomBytes(4).toString('hex')}`
  await engine.run(['build', ...engine.buildFlags, '-t', image, ROOT], 600_000)
  const api = await dockerApi(engine)
  project.provide('image', image)
  project.provide('dockerHost', api.dockerHost)
  project.provide('engine', engine.name)
  return async () => {
    await api.stop()
    await engine.run(['rmi', '-f', image]).catch(() => {})
  }
}
