import { readFile } from 'node:fs/promises'
import { ConfigError } from '../../config/kinds.js'
import { brokenRule } from '../../http/validation-errors.js'
import { Type } from '../../schemas/typebox.js'
import { lazyCheck } from '../../schemas/validator.js'
import { MAX_INTEGRATIONS, VoipIntegrationInput } from '../../schemas/voip/integration.js'
import { notAFile } from '../../store/open-checks.js'

const checkList = lazyCheck(Type.Array(VoipIntegrationInput))

const LIST_EXAMPLE =
  'a JSON list such as [{"crm_token": "...", "routes": [{"diversion": "+13155550176", "location_id": 123}]}]'

/** What is wrong with a list of CRM tokens (a file's or the option's), or undefined. */
export function integrationsProblem(value: unknown): string | undefined {
  if (checkList(value)) {
    // The section refuses to register past its bound: say so before it starts.
    if (value.length > MAX_INTEGRATIONS) {
      return `it lists ${value.length} CRM tokens, and the mock keeps at most ${MAX_INTEGRATIONS}`
    }
    const tokens = value.map((integration) => integration.crm_token)
    const repeated = tokens.find((token, index) => tokens.indexOf(token) !== index)
    return repeated === undefined ? undefined : `crm_token "${repeated}" is listed twice`
  }
  const [error] = checkList.errors
  if (!error) return 'it is not a list of CRM tokens'
  const where =
    error.instancePath === ''
      ? 'the list'
      : `entry ${error.instancePath.slice(1).replace(/\//g, '.')}`
  return `${where} ${brokenRule(error, error.data)}`
}

/** The --voip-integrations file: a JSON list of CRM tokens; any problem stops the start. */
export async function readIntegrationsFile(file: string): Promise<VoipIntegrationInput[]> {
  const unreadable = await notAFile(file)
  if (unreadable) {
    throw new ConfigError(
      `--voip-integrations ${file}: ${unreadable}. Give the path of ${LIST_EXAMPLE}.`,
    )
  }
  let value: unknown
  try {
    value = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ConfigError(
      `--voip-integrations ${file} cannot be read: ${(error as Error).message}.`,
    )
  }
  const problem = integrationsProblem(value)
  if (problem) {
    throw new ConfigError(`--voip-integrations ${file}: ${problem}. It must be ${LIST_EXAMPLE}.`)
  }
  return value as VoipIntegrationInput[]
}

/** The integrations of the `voipIntegrations` option: a file's, or the list given in code. */
export async function startIntegrations(
  option: string | VoipIntegrationInput[] | undefined,
): Promise<VoipIntegrationInput[]> {
  if (option === undefined) return []
  if (typeof option === 'string') return readIntegrationsFile(option)
  const problem = integrationsProblem(option)
  if (problem) throw new ConfigError(`the option voipIntegrations: ${problem}.`)
  return option
}
