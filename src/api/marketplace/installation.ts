import type { CallbackPayload } from '../../schemas/marketplace/control-routes.js'
import {
  type InstallationStatus,
  MAX_LOGS,
  type StoredInstallation,
} from '../../schemas/marketplace/installation.js'
import { wireTime } from './time.js'

/**
 * Why the marketplace refuses a request: no such application, no such
 * installation, a transition the state machine forbids (`installed`: the
 * partner callback of an active one), a bound, or values
 * no schema can judge alone (a period that ends before it starts). Routes
 * turn it into their envelope; in code its message says what to do.
 */
export class MarketplaceRefusal extends Error {
  override name = 'MarketplaceRefusal'
  constructor(
    readonly kind: 'application' | 'installation' | 'transition' | 'installed' | 'bound' | 'value',
    /** The request field it concerns, for a 422's meta.errors. */
    readonly field: string,
    message: string,
  ) {
    super(message)
  }
}

/** A lifecycle callback as it was handed to the delivery engine. */
export interface Callback {
  delivery_id: number | null
  skipped: string | null
  payload: CallbackPayload
}

/** A new installation record: never granted, nothing installed. */
export function newInstallation(locationId: number, applicationId: number): StoredInstallation {
  return {
    location_id: locationId,
    application_id: applicationId,
    status: 'uninstalled',
    created_at: null,
    granted_at_ms: null,
    redirect_url: null,
    webhook_urls: [],
    api_key: null,
    chat_url: null,
    discount: null,
    channels: [],
    short_names: null,
    activated_via: null,
    logs: [],
    logs_dropped: 0,
    payments: [],
  }
}

/** The installation at `to`, its transition logged (the oldest entries go past the bound). */
export function logged(
  installation: StoredInstallation,
  to: InstallationStatus,
  source: string,
  at: Date,
): StoredInstallation {
  const entry = {
    changed_at: wireTime(at),
    status_from: installation.status,
    status_to: to,
    source,
  }
  const logs = [...installation.logs, entry]
  const over = Math.max(0, logs.length - MAX_LOGS)
  return {
    ...installation,
    status: to,
    logs: logs.slice(over),
    logs_dropped: installation.logs_dropped + over,
  }
}
