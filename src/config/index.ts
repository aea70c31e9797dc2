export { HELP, optionsTable } from './help.js'
export { ConfigError } from './kinds.js'
export { LOG_LEVELS, type LogLevel, type MockConfig, OPTIONS, type OptionName } from './options.js'
export { type CliRequest, resolveCli, resolveOptions } from './resolve.js'
