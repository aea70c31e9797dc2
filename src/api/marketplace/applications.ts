import { readFile } from 'node:fs/promises'
import { ConfigError } from '../../config/kinds.js'
import { brokenRule } from '../../http/validation-errors.js'
import {
  APP_ENTITY_FLAGS,
  type ApplicationInput,
  ApplicationInput as ApplicationSchema,
  DEFAULT_CATEGORY,
  DEFAULT_USER_DATA_SHAPE,
  MAX_APPLICATIONS,
  type StoredApplication,
  userDataShapeOf,
} from '../../schemas/marketplace/application.js'
import type { GrantUser } from '../../schemas/marketplace/grant-routes.js'
import { Type } from '../../schemas/typebox.js'
import { lazyCheck } from '../../schemas/validator.js'
import { notAFile } from '../../store/open-checks.js'
import { encodeUserData, signUserData } from './signing.js'

/** An application with every default filled, as the store keeps it. */
export function toStoredApplication(input: ApplicationInput): StoredApplication {
  return {
    application_id: input.application_id,
    partner_token: input.partner_token,
    category: input.category ?? DEFAULT_CATEGORY,
    callback_url: input.callback_url ?? null,
    registration_redirect_url: input.registration_redirect_url ?? null,
    // Off by default, as the Developer Cabinet setting (marketplace contract, section 1).
    is_personal_data_access_needed: input.is_personal_data_access_needed ?? false,
    user_data_sign_input: input.user_data_sign_input ?? 'decoded_json',
    user_data_shape: input.user_data_shape ?? DEFAULT_USER_DATA_SHAPE,
    webhook_entities: input.webhook_entities ?? [...APP_ENTITY_FLAGS],
    tariffs: input.tariffs ?? [],
  }
}

/** The owner the support article's user_data shows: its own sample user. */
export const SAMPLE_OWNER: GrantUser = {
  user_id: 123,
  name: 'Андрей Иванов',
  email: 'andrey@example.com',
  phone: '79990009900',
}

/**
 * The owner production's user_data shows, with the article's sample person:
 * the keys and order of a real install's (marketplace contract, section 1);
 * the avatar is the mock's placeholder, salon_name the location's title.
 */
export const productionOwner = (salonName: string): GrantUser => ({
  id: SAMPLE_OWNER.user_id,
  name: SAMPLE_OWNER.name,
  phone: SAMPLE_OWNER.phone,
  email: SAMPLE_OWNER.email,
  is_approved: true,
  avatar: 'https://app.alteg.io/images/no-master.png',
  salon_name: salonName,
})

/**
 * The registration page as the owner's browser opens it after connecting:
 * `salon_id`, and with personal-data transfer on, `user_data` and
 * `user_data_sign` (marketplace contract, section 1). Null when the
 * application has none. Without a user given, user_data carries the default
 * owner of the application's shape; `salonName` gives the location's title.
 */
export function registrationUrl(
  application: StoredApplication,
  locationId: number,
  user: GrantUser | undefined,
  salonName: (locationId: number) => string,
): string | null {
  if (!application.registration_redirect_url) return null
  const url = new URL(application.registration_redirect_url)
  url.searchParams.set('salon_id', String(locationId))
  if (application.is_personal_data_access_needed) {
    const owner =
      user ??
      (userDataShapeOf(application) === 'support_article'
        ? SAMPLE_OWNER
        : productionOwner(salonName(locationId)))
    const userData = encodeUserData(owner)
    url.searchParams.set('user_data', userData)
    url.searchParams.set(
      'user_data_sign',
      signUserData(userData, application.partner_token, application.user_data_sign_input),
    )
  }
  return url.toString()
}

const checkList = lazyCheck(Type.Array(ApplicationSchema))

/** The first problem of a list of applications, in words, or undefined when it is valid. */
export function applicationsProblem(value: unknown): string | undefined {
  if (checkList(value)) {
    // The marketplace refuses to register past its bound: say so before it starts.
    if (value.length > MAX_APPLICATIONS) {
      return `it lists ${value.length} applications, and the mock keeps at most ${MAX_APPLICATIONS}`
    }
    const ids = value.map((application) => application.application_id)
    const repeated = ids.find((id, index) => ids.indexOf(id) !== index)
    return repeated === undefined ? undefined : `application ${repeated} is listed twice`
  }
  const [error] = checkList.errors
  if (!error) return 'it is not a list of applications'
  const where =
    error.instancePath === ''
      ? 'the list'
      : `entry ${error.instancePath.slice(1).replace(/\//g, '.')}`
  return `${where} ${brokenRule(error, error.data)}`
}

const LIST_EXAMPLE =
  'a JSON list such as [{"application_id": 7, "partner_token": "...", "callback_url": "https://..."}]'

/** The --applications file: a JSON list of applications; any problem stops the start. */
export async function readApplicationsFile(file: string): Promise<ApplicationInput[]> {
  const unreadable = await notAFile(file)
  if (unreadable) {
    throw new ConfigError(
      `--applications ${file}: ${unreadable}. Give the path of ${LIST_EXAMPLE}.`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ConfigError(`--applications ${file} cannot be read: ${(error as Error).message}.`)
  }
  if (Array.isArray(value) && value.length > MAX_APPLICATIONS) {
    throw new ConfigError(
      `--applications ${file}: it lists ${value.length} applications, and the mock keeps at most ${MAX_APPLICATIONS}. List at most ${MAX_APPLICATIONS} in it, and register others after removing some (DELETE /__mock/applications/{id}).`,
    )
  }
  const problem = applicationsProblem(value)
  if (problem) {
    throw new ConfigError(`--applications ${file}: ${problem}. It must be ${LIST_EXAMPLE}.`)
  }
  return value as ApplicationInput[]
}
