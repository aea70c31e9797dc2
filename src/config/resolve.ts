import { parseArgs } from 'node:util'
import { ConfigError, type Kind } from './kinds.js'
import {
  type MockConfig,
  OPTION_NAMES,
  OPTIONS,
  type OptionName,
  type OptionSpec,
} from './options.js'

export type CliRequest =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; config: MockConfig }

const spec = (name: OptionName) => OPTIONS[name] as OptionSpec<unknown>

function invalid(where: string, kind: Kind<unknown>, got: string): ConfigError {
  return new ConfigError(`${where} must be ${kind.rule}, got ${got}.`)
}

/** A flag's or variable's text as the option's value; the error names where it came from. */
function fromText(name: OptionName, texts: string[], where: string): unknown {
  const { kind } = spec(name)
  // Each occurrence of a repeated flag is judged on its own, so the error quotes it.
  for (const text of texts) {
    if (kind.fromText(text) === undefined) throw invalid(where, kind, JSON.stringify(text))
  }
  return kind.fromText(texts.join(kind.list?.separator ?? ''))
}

const BOOLEAN_RULE = 'true or false'

/** Edit distance, for "did you mean" (flags are short). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(
        (row[j] as number) + 1,
        (next[j - 1] as number) + 1,
        (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      )
    }
    row = next
  }
  return row[b.length] as number
}

/**
 * argv as parseArgs takes it: a true/false flag given alone is true, and a
 * value that starts with a dash (`--seed -1`) is that flag's value, so the
 * option's own rule judges it; an unknown flag gets the nearest known one.
 */
function normalize(argv: string[]): string[] {
  const flags = new Map(OPTION_NAMES.map((name) => [`--${spec(name).flag}`, spec(name)]))
  const known = (arg: string) =>
    ['--help', '-h', '--version'].includes(arg) || flags.has(arg.split('=')[0] as string)
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const option = flags.get(arg)
    if (!arg.startsWith('-') || known(arg)) {
      if (!option) {
        out.push(arg)
        continue
      }
      const value = argv[i + 1]
      if (value === undefined || (value.startsWith('--') && known(value))) {
        if (option.kind.rule !== BOOLEAN_RULE) {
          throw new ConfigError(
            `${arg} needs a value: ${option.kind.rule}. Run with --help to see the options.`,
          )
        }
        out.push(`${arg}=true`)
      } else {
        out.push(`${arg}=${value}`)
        i++
      }
      continue
    }
    const name = arg.split('=')[0] as string
    const nearest = [...flags.keys(), '--help', '--version']
      .map((flag) => ({ flag, d: distance(name, flag) }))
      .sort((x, y) => x.d - y.d)[0]
    const hint = nearest && nearest.d <= 3 ? ` Did you mean ${nearest.flag}?` : ''
    throw new ConfigError(`Unknown option '${name}'.${hint} Run with --help to see the options.`)
  }
  return out
}

/** Resolves argv and the environment into a config, once: flag, then env, then default. */
export function resolveCli(argv: string[], env: Record<string, string | undefined>): CliRequest {
  let values: Record<string, string | string[] | boolean | undefined>
  const args = normalize(argv)
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(
          OPTION_NAMES.map((name) => [
            spec(name).flag,
            { type: 'string' as const, multiple: spec(name).kind.list !== undefined },
          ]),
        ),
        help: { type: 'boolean' as const, short: 'h' },
        version: { type: 'boolean' as const },
      },
    }).values
  } catch (error) {
    const reason = (error as Error).message.replace(/\.?$/, '.')
    throw new ConfigError(`${reason} Run with --help to see the options.`)
  }
  if (values.help) return { kind: 'help' }
  if (values.version) return { kind: 'version' }

  const config: Record<string, unknown> = {}
  for (const name of OPTION_NAMES) {
    const { flag, env: variable, default: fallback } = spec(name)
    const given = values[flag]
    const flags = typeof given === 'string' ? [given] : Array.isArray(given) ? given : []
    const fromEnv = env[variable]
    if (flags.length > 0) config[name] = fromText(name, flags, `--${flag}`)
    else if (fromEnv !== undefined && fromEnv !== '')
      config[name] = fromText(name, [fromEnv], variable)
    else config[name] = fallback
  }
  return { kind: 'run', config: checked(config as MockConfig, (name) => `--${spec(name).flag}`) }
}

/** Rules between options, once each is valid on its own. */
function checked(config: MockConfig, say: (name: OptionName) => string): MockConfig {
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    throw new ConfigError(
      `${say('headersTimeoutMs')} (${config.headersTimeoutMs}) must not be longer than ${say('requestTimeoutMs')} (${config.requestTimeoutMs}).`,
    )
  }
  return config
}

/**
 * Options given in code, checked as the CLI checks flags, over the defaults:
 * the CLI's, or startAltegioMock's (`code`: a free port, memory, silence).
 */
export function resolveOptions(
  options: Partial<MockConfig>,
  defaults: 'server' | 'code' = 'server',
): MockConfig {
  const config: Record<string, unknown> = {}
  for (const name of OPTION_NAMES) {
    const { kind, default: fallback, codeDefault } = spec(name)
    const value = options[name]
    if (value === undefined) {
      config[name] = defaults === 'code' && codeDefault !== undefined ? codeDefault : fallback
      continue
    }
    if (!kind.accepts(value)) throw invalid(`the option ${name}`, kind, describe(value))
    config[name] = value
  }
  const unknown = Object.keys(options).filter((key) => !(OPTION_NAMES as string[]).includes(key))
  if (unknown.length > 0) {
    const nested = unknown.some((key) => key in NESTED_BEFORE_0_2)
    throw new ConfigError(
      `unknown option ${unknown.join(', ')}; the options are ${OPTION_NAMES.join(', ')}.${
        nested
          ? ' Since 0.2 they are flat, the camelCase of each flag: e.g. deliveries.retryDelayMs is deliveryRetryDelayMs (see CHANGELOG.md).'
          : ''
      }`,
    )
  }
  return checked(config as MockConfig, (name) => `the option ${name}`)
}

/** The nested option groups of 0.1, named in the error that meets them. */
const NESTED_BEFORE_0_2 = { deliveries: 1, auth: 1, webhookTimeouts: 1 }

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
