import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);

const schemaDir = new URL('../../../../docs/schemas/', import.meta.url);

/** The published JSON Schema of an event type, compiled (docs/schemas/<type>.json). */
function validatorOf(eventType: string) {
  const path = fileURLToPath(new URL(`${eventType}.json`, schemaDir));
  if (!ajv.getSchema(path)) ajv.addSchema(JSON.parse(readFileSync(path, 'utf8')), path);
  return ajv.getSchema(path)!;
}

/**
 * What the schema of the body's own `event` says about the bytes a receiver got: `[]` when
 * they conform. The bytes are parsed here, as a receiver would, never re-serialised.
 */
export function schemaErrors(raw: Uint8Array) {
  const payload = JSON.parse(Buffer.from(raw).toString('utf8')) as { event?: unknown };
  if (typeof payload.event !== 'string') return [{ message: 'no event field' }];
  const validate = validatorOf(payload.event);
  return validate(payload) ? [] : validate.errors;
}
