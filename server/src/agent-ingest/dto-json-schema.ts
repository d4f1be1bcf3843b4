import type { MetadataStorage as TransformerStorage } from 'class-transformer/types/MetadataStorage';
import { getMetadataStorage, ValidationTypes, type ValidationArguments } from 'class-validator';

// @Type(() => Class) lives in class-transformer's storage, which the package does not export with types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as { defaultMetadataStorage: TransformerStorage };

/**
 * Derives a JSON Schema from a DTO's class-validator decorators, so a hot route can validate
 * with a compiled ajv function while the decorated class stays the one description of the
 * schema (Swagger reads the same class). Decorators with a JSON Schema keyword become that
 * keyword; any other check (ISO 8601, custom decorators) is delegated to class-validator's own
 * constraint through the `classValidator` keyword, so nothing is re-implemented. What the
 * deriver cannot express faithfully (ValidateIf, `each` on non-nested checks, async or
 * recursive classes) throws at start-up rather than validating less than the DTO says.
 */

type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
export type JsonSchema = { [keyword: string]: unknown };

/** A constraint without a JSON Schema keyword: class-validator's own check, called by the `classValidator` keyword. */
export interface DelegatedCheck {
  optional: boolean;
  test(value: unknown): boolean;
}

export interface DerivedSchema {
  schema: JsonSchema;
  /** Indexed by the value of each `classValidator` keyword. */
  checks: DelegatedCheck[];
  /** class-validator's message for each failing keyword, by ajv schema path (`#/properties/state/enum`). */
  messages: Map<string, string>;
}

interface Constraint {
  validate(value: unknown, args: ValidationArguments): boolean | Promise<boolean>;
  defaultMessage?(args: ValidationArguments): string;
}

/** The fields of class-validator's ValidationMetadata this file reads. */
interface Metadata {
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
  message?: string | ((args: ValidationArguments) => string);
  constraintCls: new () => Constraint;
}

type Class = abstract new (...args: never[]) => unknown;

/** The JSON type each decorator implies (class-validator checks the type too, e.g. @Min refuses a string). */
const IMPLIED_TYPE: Record<string, JsonType> = {
  isString: 'string', maxLength: 'string', minLength: 'string', matches: 'string', isIso8601: 'string',
  isInt: 'integer', isNumber: 'number', min: 'number', max: 'number',
  isBoolean: 'boolean', isArray: 'array', arrayMaxSize: 'array', arrayMinSize: 'array',
};

/** Decorators that map to one JSON Schema keyword (undefined value: the implied type says it all). */
function nativeKeyword(meta: Metadata): [string, unknown] | undefined | 'delegate' {
  const c = meta.constraints ?? [];
  switch (meta.name) {
    case 'isString': case 'isInt': case 'isBoolean': case 'isArray':
      return undefined;
    case 'isNumber': {
      // JSON has no NaN; ajv refuses Infinity (1e400) like allowInfinity: false. Decimal places need the real check.
      const options = (c[0] ?? {}) as { allowInfinity?: boolean; maxDecimalPlaces?: number };
      return options.allowInfinity || options.maxDecimalPlaces !== undefined ? 'delegate' : undefined;
    }
    case 'maxLength': return ['maxLength', c[0]];
    case 'minLength': return ['minLength', c[0]];
    case 'min': return ['minimum', c[0]];
    case 'max': return ['maximum', c[0]];
    case 'arrayMaxSize': return ['maxItems', c[0]];
    case 'arrayMinSize': return ['minItems', c[0]];
    case 'isIn': return ['enum', [...(c[0] as unknown[])]];
    case 'matches':
      // A flagged RegExp or modifiers have no JSON Schema form.
      return c[0] instanceof RegExp && c[0].flags === '' && c[1] === undefined ? ['pattern', c[0].source] : 'delegate';
    default:
      return 'delegate';
  }
}

function meet(a: JsonType | undefined, b: JsonType, where: string): JsonType {
  if (a === undefined || a === b) return b;
  if ((a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')) return 'integer';
  throw new Error(`${where}: decorators demand both ${a} and ${b}; no value could pass`);
}

/** class-validator's token replacement, minus $value: a message must never echo what was sent. */
function render(meta: Metadata, constraint: Constraint, target: string): string {
  const args: ValidationArguments = { value: undefined, constraints: meta.constraints ?? [], targetName: target, object: {}, property: meta.propertyName };
  const raw = typeof meta.message === 'function' ? meta.message(args) : (meta.message ?? constraint.defaultMessage?.(args) ?? `${meta.propertyName} is invalid`);
  return raw
    .replace(/\$constraint(\d+)/g, (_, n: string) => {
      const value = args.constraints[Number(n) - 1];
      return Array.isArray(value) ? value.join(', ') : String(value);
    })
    .replace(/\$property/g, meta.propertyName)
    .replace(/\$target/g, target);
}

export function deriveJsonSchema(dto: Class): DerivedSchema {
  const storage = getMetadataStorage();
  const checks: DelegatedCheck[] = [];
  const messages = new Map<string, string>();

  const objectSchema = (target: Class, at: string, seen: Class[]): JsonSchema => {
    if (seen.includes(target)) throw new Error(`${target.name} is recursive; the deriver inlines nested classes`);
    const all = storage.getTargetValidationMetadatas(target as unknown as new () => object, '', false, false) as unknown as Metadata[];
    const byProperty = storage.groupByPropertyName(all as never) as unknown as Record<string, Metadata[]>;
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [property, metas] of Object.entries(byProperty)) {
      const optional = propertyIsOptional(metas, `${target.name}.${property}`);
      properties[property] = propertySchema(target, property, metas, optional, `${at}/properties/${property}`, [...seen, target]);
      if (!optional) required.push(property);
    }
    return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
  };

  const propertySchema = (target: Class, property: string, metas: Metadata[], optional: boolean, at: string, seen: Class[]): JsonSchema => {
    const where = `${target.name}.${property}`;
    const schema: JsonSchema = {};
    let type: JsonType | undefined;
    let typeMessage: string | undefined;
    let nested: Class | undefined;
    for (const meta of metas) {
      if (meta.type === ValidationTypes.CONDITIONAL_VALIDATION || meta.type === ValidationTypes.WHITELIST) continue;
      if (meta.type === ValidationTypes.NESTED_VALIDATION) {
        const typeFunction = defaultMetadataStorage.findTypeMetadata(target as never, property)?.typeFunction;
        if (!typeFunction) throw new Error(`${where}: @ValidateNested needs @Type(() => Class)`);
        nested = typeFunction() as Class;
        continue;
      }
      if (meta.type !== ValidationTypes.CUSTOM_VALIDATION || !meta.name) throw new Error(`${where}: ${meta.type} validation is not supported by the schema deriver`);
      if (meta.each) throw new Error(`${where}: { each: true } on @${meta.name} is not supported by the schema deriver`);
      const constraintInfo = storage.getTargetValidatorConstraints(meta.constraintCls as never)[0];
      if (constraintInfo?.async) throw new Error(`${where}: async validator ${meta.name} cannot run in a compiled schema`);
      const constraint = new meta.constraintCls();
      const message = render(meta, constraint, target.name);
      const implied = IMPLIED_TYPE[meta.name];
      if (implied) {
        type = meet(type, implied, where);
        if (type === implied || typeMessage === undefined) typeMessage = message;
      }
      const native = nativeKeyword(meta);
      if (native === 'delegate') {
        const index = checks.length;
        const args = { constraints: meta.constraints ?? [], targetName: target.name, object: {}, property };
        checks.push({ optional, test: (value) => constraint.validate(value, { ...args, value }) === true });
        schema.classValidator = index;
        messages.set(`${at}/classValidator`, message);
      } else if (native) {
        schema[native[0]] = native[1];
        messages.set(`${at}/${native[0]}`, message);
      }
    }
    if (nested) {
      if (type === 'array') {
        schema.items = objectSchema(nested, `${at}/items`, seen);
        messages.set(`${at}/items/type`, `each value in ${property} must be an object`);
      } else {
        type = meet(type, 'object', where);
        Object.assign(schema, objectSchema(nested, at, seen));
        typeMessage = `${property} must be an object`;
      }
    }
    if (type) {
      // IsOptional lets null and undefined through without running the other checks.
      schema.type = optional ? [type, 'null'] : type;
      messages.set(`${at}/type`, optional ? `${typeMessage} (or null)` : typeMessage!);
    }
    if (optional && Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
    return schema;
  };

  const schema = objectSchema(dto, '#', []);
  messages.set('#/type', `the body must be a JSON object (${dto.name})`);
  return { schema, checks, messages };
}

function propertyIsOptional(metas: Metadata[], where: string): boolean {
  let optional = false;
  for (const meta of metas) {
    if (meta.type !== ValidationTypes.CONDITIONAL_VALIDATION) continue;
    if (meta.name !== 'isOptional') throw new Error(`${where}: conditional validation (ValidateIf) is not supported by the schema deriver`);
    optional = true;
  }
  return optional;
}
