import Ajv, { type ErrorObject } from 'ajv';
import type { FieldError } from '../common/pipes/validation';
import { deriveJsonSchema, type DerivedSchema, type JsonSchema } from './dto-json-schema';

export type ValidationResult = { valid: true } | { valid: false; fields: FieldError[] };

export interface CompiledDtoValidator {
  readonly schema: JsonSchema;
  validate(value: unknown): ValidationResult;
}

/**
 * Compiles a DTO's derived schema with ajv. The options are the point: no type coercion
 * ("5" is not 5), no defaults, nothing removed (unknown fields are errors, as with our
 * global pipe's forbidNonWhitelisted), every error collected so a 400 names each failing
 * field, and JavaScript (non-unicode) regular expressions like class-validator's @Matches.
 */
export function compileDtoValidator(dto: DerivedSchema | (abstract new (...args: never[]) => unknown)): CompiledDtoValidator {
  const derived = typeof dto === 'function' ? deriveJsonSchema(dto) : dto;
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    allowUnionTypes: true,
    coerceTypes: false,
    useDefaults: false,
    removeAdditional: false,
    unicodeRegExp: false,
    messages: false,
  });
  ajv.addKeyword({
    keyword: 'classValidator',
    schemaType: 'number',
    compile: (index: number) => {
      const check = derived.checks[index];
      return (data: unknown) => (check.optional && (data === null || data === undefined)) || check.test(data);
    },
  });
  const run = ajv.compile(derived.schema);
  return {
    schema: derived.schema,
    validate(value) {
      if (run(value)) return { valid: true };
      return { valid: false, fields: toFieldErrors(run.errors ?? [], derived.messages) };
    },
  };
}

/** ajv's errors as our 400 shape: dotted paths (`containers.3.state`) and class-validator's wording. */
export function toFieldErrors(errors: ErrorObject[], messages: Map<string, string>): FieldError[] {
  const seen = new Set<string>();
  const out: FieldError[] = [];
  for (const error of errors) {
    let path = pointerToPath(error.instancePath);
    let message: string;
    if (error.keyword === 'required') {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      path = join(path, missing);
      message = `${missing} is required`;
    } else if (error.keyword === 'additionalProperties') {
      const extra = String((error.params as { additionalProperty: string }).additionalProperty);
      path = join(path, extra);
      message = `property ${extra} should not exist`;
    } else {
      message = messages.get(error.schemaPath) ?? `${path.split('.').pop() || 'value'} is invalid`;
    }
    const key = `${path}\n${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ path: path || 'body', message });
  }
  return out;
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

/** `/containers/3/labels/a~1b` → `containers.3.labels.a/b` (JSON Pointer unescaped). */
function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .join('.');
}
