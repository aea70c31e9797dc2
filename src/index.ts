export type { AuthOptions } from './altegio/auth.js'
export { type AppOptions, buildApp, CONTROL_PREFIX } from './app.js'
export { ConfigError, type MockConfig, resolveConfig } from './config.js'
export type { RequestEntry, RequestFilter } from './control/request-journal.js'
export {
  DELIVERY_DEFAULTS,
  type DeliveryOptions,
  WaitTimeoutError,
} from './deliveries/dispatcher.js'
export type {
  Attempt,
  Delivery,
  DeliveryFilter,
  DeliveryState,
  TriggerResult,
} from './deliveries/types.js'
export type { WebhookClient, WebhookOutcome, WebhookRequest } from './deliveries/webhook-client.js'
export {
  type AltegioMock,
  type AltegioMockOptions,
  startAltegioMock,
  type WaitOptions,
} from './mock.js'
export type { EventStatus, Resource, TriggerEvent, WebhookPayload } from './schemas/event.js'
export {
  FLAG_NAMES,
  type FlagName,
  type HookSettings,
  type HookSettingsBody,
} from './schemas/hook-settings.js'
export { type RunningMock, type StartOptions, startServer } from './server.js'
export { DataFileError } from './store/data-file.js'
export { MEMORY, SettingsStore, type SettingsStoreOptions } from './store/settings-store.js'
