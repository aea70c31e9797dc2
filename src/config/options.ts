import { DELIVERY_OPTIONS } from './delivery-options.js'
import { DRIFT_OPTIONS } from './drift-options.js'
import type { OptionSpec } from './option-spec.js'
import { REQUEST_JOURNAL_OPTIONS, SCENARIO_OPTIONS } from './scenario-options.js'
import { ACCESS_OPTIONS, HTTP_OPTIONS, SERVER_OPTIONS } from './server-options.js'

export type { OptionSpec } from './option-spec.js'
export { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from './server-options.js'

/**
 * Every option of the mock, once, its groups in the order --help and the
 * table of docs/configuration.md list them: the CLI parses flags and variables
 * from it, --help and that table describe it, and buildApp and
 * startAltegioMock take its defaults from here. Nothing else writes a default.
 */
export const OPTIONS = {
  ...SERVER_OPTIONS,
  ...ACCESS_OPTIONS,
  ...HTTP_OPTIONS,
  ...DELIVERY_OPTIONS,
  ...REQUEST_JOURNAL_OPTIONS,
  ...SCENARIO_OPTIONS,
  ...DRIFT_OPTIONS,
} as const

export type OptionName = keyof typeof OPTIONS
type ValueOf<S> = S extends OptionSpec<infer T> ? T : never

/** Every option, resolved: what the CLI, the server and buildApp run with. */
export type MockConfig = { -readonly [K in OptionName]: ValueOf<(typeof OPTIONS)[K]> }

export const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[]
