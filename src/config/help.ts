import { OPTION_NAMES, OPTIONS, type OptionName, type OptionSpec } from './options.js'

const spec = (name: OptionName) => OPTIONS[name] as OptionSpec<unknown>

function defaultText(name: OptionName): string {
  const { kind, default: value } = spec(name)
  return kind.show(value)
}

export const HELP = `altegio-hooks-mock: a local mock of the Altegio hooks_settings API

Usage: altegio-hooks-mock [options]
       altegio-hooks-mock drift [URL]            print a running mock's drift report (docs/drift.md)
       altegio-hooks-mock compare-webhook FILE...  compare captured webhooks with the mock's
       altegio-hooks-mock tail [URL] [--location ID] [--failed]   the live timeline (tail --help)

Options (flags win over environment variables, which win over the defaults):
${OPTION_NAMES.map((name) => {
  const { flag, env, help, placeholder = 'VALUE' } = spec(name)
  const left = `  --${flag} ${placeholder}`
  return `${left.padEnd(38)} env ${env}: ${help} (default: ${defaultText(name)})`
}).join('\n')}
  --help                                show this help
  --version                             print the version

Examples:
  altegio-hooks-mock --port 0 --data :memory:
  PORT=9000 DATA_FILE=/tmp/hooks.json altegio-hooks-mock
  altegio-hooks-mock --partner-token p1 --user-token u1 --user-access u1=101,102
`

/** The options table of docs/configuration.md, as markdown rows. */
export function optionsTable(): string {
  const rows = OPTION_NAMES.map((name) => {
    const { flag, env, help, kind, shownDefault, codeDefault, placeholder } = spec(name)
    const flagText = placeholder ? `\`--${flag} ${placeholder}\`` : `\`--${flag}\``
    const fallback = shownDefault ?? `\`${defaultText(name)}\``
    const inCode =
      codeDefault === undefined ? `\`${name}\`` : `\`${name}\` (\`${kind.show(codeDefault)}\`)`
    return `| ${flagText} | \`${env}\` | ${inCode} | ${fallback} | ${help} |`
  })
  return [
    '| flag | env | in code (its default there) | default | meaning |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n')
}
