export type { AuthOptions } from './altegio/auth.js'
export { type AppOptions, buildApp, CONTROL_PREFIX } from './app.js'
export { ConfigError, type MockConfig, resolveConfig } from './config.js'
export {
  FLAG_NAMES,
  type FlagName,
  type HookSettings,
  type HookSettingsBody,
} from './schemas/hook-settings.js'
export { type RunningMock, type StartOptions, startServer } from './server.js'
export { DataFileError } from './store/data-file.js'
export { MEMORY, SettingsStore, type SettingsStoreOptions } from './store/settings-store.js'
