/**
 * Every `--json` document svwiz prints (svwiz config/doctor/service status, svwizctl) carries
 * `schemaVersion` first, so a script can tell which shape it reads; docs/json.md describes each.
 * Bump the version when a field goes away or changes meaning (adding a field does not), and say
 * so in docs/json.md: these documents are API.
 */
export const JSON_SCHEMA_VERSION = 1;

/** DOCUMENT as one JSON text with schemaVersion, ending in a newline. */
export function renderJsonDocument(document: object, indent: number | undefined = 2): string {
  return `${JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...document }, null, indent)}\n`;
}
