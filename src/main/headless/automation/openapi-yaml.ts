/** docs/openapi.yaml as `track-debugger openapi` prints it (loaded only by that command and its test). */
import { stringify } from 'yaml'
import { AUTOMATION_ROUTES } from './automation-routes'
import { openApiDocument } from './openapi'

/** docs/openapi.yaml, as committed. */
export function openApiYaml(): string {
  return `# Generated from src/main/headless/automation (the routes and their schemas) by\n# \`track-debugger openapi\`. Do not edit: change the routes, then run \`npm run openapi\`.\n${stringify(openApiDocument(AUTOMATION_ROUTES), { lineWidth: 100, aliasDuplicateObjects: false })}`
}
