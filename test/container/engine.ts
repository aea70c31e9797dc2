import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const exec = promisify(execFile)

export interface Engine {
  name: 'docker' | 'podman'
  run(args: string[], timeoutMs?: number): Promise<string>
  /** Extra `build` flags: podman here has no registry and must keep HEALTHCHECK. */
  buildFlags: string[]
}

async function answers(name: string): Promise<boolean> {
  try {
    await exec(name, ['info'], { timeout: 20_000 })
    return true
  } catch {
    return false
  }
}

/** The engine of that name, which runs its CLI with a timeout. */
export function engineNamed(name: Engine['name']): Engine {
  return {
    name,
    buildFlags: name === 'podman' ? ['--format', 'docker', '--pull=never', '--network=host'] : [],
    async run(args, timeoutMs = 120_000) {
      const { stdout } = await exec(name, args, {
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      })
      return stdout.trim()
    },
  }
}

/** docker where a Docker engine answers, else podman; neither is an error that says what to do. */
export async function findEngine(): Promise<Engine> {
  for (const name of ['docker', 'podman'] as const) {
    if (await answers(name)) return engineNamed(name)
  }
  throw new Error(
    'Neither docker nor podman has a working engine. Start Docker, or on a machine without one run ../shared/tools/container-base first (it installs podman and the base image).',
  )
}
