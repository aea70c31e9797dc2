import type { InstallationStatus } from '../../schemas/marketplace/installation.js'

/**
 * The installation state machine (marketplace contract, section 8), as pure functions:
 *
 *   uninstalled --grant--> pending --partner callback--> active
 *   active --expiry--> freezed --payment--> active
 *   pending|active|freezed --uninstall--> uninstalled
 *
 * A grant of a pending link renews it; a payment of an active one keeps it
 * active. Everything else is refused, with what to do instead.
 */
export type Action = 'grant' | 'activate' | 'freeze' | 'pay' | 'uninstall'

/** The backend's MarketplaceApplicationSalonLink::PENDING_TTL: 12 hours from the grant. */
export const PENDING_TTL_MS = 12 * 60 * 60 * 1000

export type Transition = { ok: true; to: InstallationStatus } | { ok: false; reason: string }

export interface Subject {
  locationId: number
  applicationId: number
  status: InstallationStatus
  /** How long ago the owner granted access, for a pending link. */
  pendingForMs: number | null
}

const TABLE: Record<Action, Partial<Record<InstallationStatus, InstallationStatus>>> = {
  grant: { uninstalled: 'pending', pending: 'pending' },
  activate: { pending: 'active' },
  freeze: { active: 'freezed' },
  pay: { active: 'active', freezed: 'active' },
  uninstall: { pending: 'uninstalled', active: 'uninstalled', freezed: 'uninstalled' },
}

/** Where `action` takes the installation, or why it may not happen. */
export function transition(subject: Subject, action: Action): Transition {
  const to = TABLE[action][subject.status]
  if (to === undefined) return { ok: false, reason: refusal(subject, action) }
  if (action === 'activate' && (subject.pendingForMs ?? 0) > PENDING_TTL_MS) {
    return { ok: false, reason: expired(subject) }
  }
  return { ok: true, to }
}

function refusal({ locationId: l, applicationId: a, status }: Subject, action: Action): string {
  const app = `application ${a}`
  const grant = `the owner grants access first (POST /api/v1/company/${l}/marketplace/applications/${a}/grant_access, or POST /__mock/locations/${l}/applications/${a}/grant)`
  const uninstall = `uninstall it first (POST /marketplace/salon/${l}/application/${a}/uninstall)`
  if (status === 'uninstalled') return `${app} is not installed at location ${l}: ${grant}.`
  switch (action) {
    case 'grant':
      return `${app} is already ${shown(status)} at location ${l}: ${uninstall}.`
    case 'activate':
      return status === 'active'
        ? `${app} is already active at location ${l}: the partner callback activates a pending installation once (read GET /marketplace/salon/${l}/application/${a} first).`
        : `${app} is frozen at location ${l}: a payment makes it active again (POST /marketplace/partner/payment).`
    case 'freeze':
      return status === 'freezed'
        ? `${app} is already frozen at location ${l}.`
        : `${app} is pending at location ${l}: only an active installation freezes.`
    case 'pay':
      return `${app} is pending at location ${l}: the partner callback activates it before payments are recorded.`
    case 'uninstall':
      return `${app} is not installed at location ${l}.`
  }
}

function expired({ locationId: l, applicationId: a, pendingForMs }: Subject): string {
  const hours = Math.floor((pendingForMs ?? 0) / 3_600_000)
  return `the pending installation of application ${a} at location ${l} was granted ${hours} hours ago: the partner callback must come within 12 hours of the grant; the owner grants access again (POST /api/v1/company/${l}/marketplace/applications/${a}/grant_access).`
}

const shown = (status: InstallationStatus) => (status === 'freezed' ? 'frozen' : status)
