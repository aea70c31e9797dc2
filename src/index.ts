export type { MarketplaceApi } from './api/marketplace/api.js'
export { MarketplaceRefusal } from './api/marketplace/marketplace.js'
export type { LifecycleResult } from './api/marketplace/trigger.js'
export type {
  NotificationListFilter,
  NotificationWaitOptions,
  VoipApi,
} from './api/voip/api.js'
export { VoipRefusal } from './api/voip/voip.js'
export { type AppOptions, buildApp, CONTROL_PREFIX } from './app.js'
export { type ConnectOptions, connectAltegioMock } from './client/connect.js'
export type { ClockMode, ClockState } from './clock/clock.js'
export type { ClockApi } from './clock/clock-api.js'
export type { ClockReading } from './clock/clock-control.js'
export type { LogLevel, MockConfig } from './config/index.js'
export type { LocationBehaviour } from './control/location-options.js'
export type { RequestFilter } from './control/request-journal.js'
export type { DeliveryFilter, WaitFilter } from './deliveries/filter.js'
export { WaitEndedError, WaitTimeoutError } from './deliveries/waiters.js'
export type { WebhookClient, WebhookOutcome, WebhookRequest } from './deliveries/webhook-client.js'
export {
  type AltegioMock,
  type AltegioMockOptions,
  type LocalAltegioMock,
  startAltegioMock,
  type TimelineFilter,
  type WaitOptions,
} from './mock.js'
export type { LocationOptionsBody } from './schemas/control.js'
export type {
  Attempt,
  Delivery,
  DeliveryState,
  TriggeredEvent,
  TriggerResult,
} from './schemas/delivery.js'
export type {
  EventStatus,
  LifecycleEvent,
  Resource,
  ResourceInput,
  TriggerEvent,
  WebhookPayload,
} from './schemas/event.js'
export type { Fault, FaultKind, FaultRoute, FaultSpec } from './schemas/faults.js'
export type { FlagName } from './schemas/hooks-settings/flags.js'
export type {
  Backend,
  HookSettings,
  HookSettingsBody,
  PerUrlSettingsBody,
  SeedBody,
  UrlSetting,
} from './schemas/hooks-settings/settings.js'
export type {
  ApplicationInput,
  InstallationStatus,
  Payment,
  StoredApplication,
  StoredInstallation,
  Tariff,
} from './schemas/marketplace.js'
export type { GrantUser, LifecycleBody } from './schemas/marketplace-api.js'
export type { RequestEntry } from './schemas/request-entry.js'
export type { TimelineEntry, TimelineKind } from './schemas/timeline.js'
export type { VoipNotification } from './schemas/voip/control.js'
export type {
  StoredVoipIntegration,
  VoipIntegrationInput,
  VoipRoute,
} from './schemas/voip/integration.js'
export { Store, type StoreOptions } from './store/store.js'
