export { HELP, optionsTable } from './help.js'
export { ConfigError } from './kinds.js'
export {
  LOG_FORMATS,
  LOG_LEVELS,
  type LogFormat,
  type LogLevel,
  type MockConfig,
  OPTIONS,
  type OptionName,
} from './options.js'
export { type CliRequest, resolveCli, resolveOptions } from './resolve.js'
