// The package as another project meets it: packed, installed from the tarball
// into a project outside this repository, and used there.
import { execFile, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const exec = promisify(execFile)
let dir: string
let project: string
let installLog: string

/** The version of a dev dependency installed here, so the consumer uses the same. */
async function versionOf(name: string): Promise<string> {
  const manifest = join(ROOT, 'node_modules', name, 'package.json')
  return (JSON.parse(await readFile(manifest, 'utf8')) as { version: string }).version
}

/** Runs a command in the consumer project; resolves with its output, rejects with it. */
async function run(command: string, args: string[], timeout = 180_000) {
  try {
    const { stdout, stderr } = await exec(command, args, {
      cwd: project,
      timeout,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NODE_OPTIONS: '', CI: 'true' },
    })
    return `${stdout}${stderr}`
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed:\n${stdout}${stderr}`)
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'altegio-consumer-'))
  project = join(dir, 'project')
  await mkdir(join(project, 'test'), { recursive: true })
  const packed = await exec('npm', ['pack', '--json', '--pack-destination', dir], {
    cwd: ROOT,
    maxBuffer: 64 * 1024 * 1024,
  })
  const tarball = join(
    dir,
    (JSON.parse(packed.stdout) as { filename: string }[])[0]?.filename ?? '',
  )
  await writeFile(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
  )
  installLog = await run('npm', [
    'install',
    '--no-audit',
    '--no-fund',
    '--save-dev',
    tarball,
    `vitest@${await versionOf('vitest')}`,
    `typescript@${await versionOf('typescript')}`,
    `@types/node@${await versionOf('@types/node')}`,
  ])
  // The README's examples, as a user copies them.
  await cp(join(ROOT, 'test/readme-example.test.ts'), join(project, 'test/readme-example.test.ts'))
  await cp(join(ROOT, 'examples/node-test'), join(project, 'node-test'), { recursive: true })
  await cp(join(ROOT, 'examples/vitest-global-setup'), project, { recursive: true })
}, 600_000)

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('installed from its tarball in another project', () => {
  it('installs on this Node without an engine warning', () => {
    expect(installLog).not.toMatch(/EBADENGINE|deprecated/)
  })

  it("runs the README's vitest examples: the single-file one and the global setup", async () => {
    const output = await run('npx', ['vitest', 'run'])
    expect(output).toMatch(/Test Files\s+\d+ passed \(\d+\)/)
    expect(output).not.toMatch(/failed/)
  })

  it("runs the README's node:test example", async () => {
    const output = await run(process.execPath, ['--test', 'node-test/'])
    expect(output).toMatch(/^# pass 1$/m)
    expect(output).toMatch(/^# fail 0$/m)
  })

  for (const resolution of ['nodenext', 'bundler'] as const) {
    it(`type-checks the examples against the published types (moduleResolution ${resolution})`, async () => {
      const config = join(project, `tsconfig.${resolution}.json`)
      await writeFile(
        config,
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: resolution === 'nodenext' ? 'NodeNext' : 'ESNext',
            moduleResolution: resolution,
            strict: true,
            noEmit: true,
            skipLibCheck: false,
            types: ['node'],
          },
          include: ['test/**/*.ts', '*.ts'],
        }),
      )
      await run('npx', ['tsc', '-p', config])
    })
  }

  it('serves from its bin, and a clean stop leaves only the data file', async () => {
    const work = join(dir, 'bin-run')
    await mkdir(work)
    const child = spawn(join(project, 'node_modules/.bin/altegio-hooks-mock'), ['--port', '0'], {
      cwd: work,
    })
    let stdout = ''
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk
        const match = /listening on (http:\/\/\S+)/.exec(stdout)
        if (match?.[1]) resolve(match[1])
      })
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${stdout}`)))
    })
    const health = await fetch(`${url}/__mock/health`)
    expect(health.status).toBe(200)
    const exited = new Promise((resolve) => child.on('exit', resolve))
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(await readdir(join(work, 'data'))).toEqual(['db.json'])
  })
})
