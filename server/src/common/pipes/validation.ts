import { type ArgumentMetadata, BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldError {
  path: string;
  message: string;
}

/** Flattens class-validator's tree into `a.b.0.c` paths a person can find in their request. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const error of errors) {
    const path = parent ? `${parent}.${error.property}` : error.property;
    for (const message of Object.values(error.constraints ?? {})) {
      out.push({ path, message });
    }
    if (error.children?.length) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

export function invalidRequest(fields: FieldError[]): BadRequestException {
  const shown = fields.slice(0, 5).map((f) => `${f.path}: ${f.message}`);
  const more = fields.length > 5 ? ` (and ${fields.length - 5} more)` : '';
  return new BadRequestException({ message: `Invalid request: ${shown.join('; ')}${more}`, fields: fields.slice(0, 100) });
}

/**
 * Named path parameters reach their own strict pipes (IdParamPipe, HostIdPipe, ContainerRefPipe)
 * as the text the client sent. ValidationPipe's `transform` would first turn a `:id` typed
 * `number` into Number(text), and '+1', ' 1', '01', '1e3' or '0x1f' then passed IdParamPipe as
 * 1, 1, 1, 1000 and 31 (found by test/reliability/bad-input.e2e-spec.ts).
 */
class StrictValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }

  /**
   * A body for a DTO must be a JSON object of sane depth. class-transformer and class-validator
   * recurse, so 5000 nested objects (30 KB, well inside the body limit) overflowed the stack and
   * answered 500; and `null` was quietly validated as `{}` (both found by the bad-input corpus).
   */
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.metatype && this.toValidate(metadata)) {
      if (value === null || typeof value !== 'object') throw invalidRequest([{ path: 'body', message: 'the body must be a JSON object' }]);
      if (nestedDeeperThan(value, MAX_BODY_DEPTH)) {
        throw invalidRequest([{ path: 'body', message: `the body nests objects or arrays deeper than ${MAX_BODY_DEPTH} levels` }]);
      }
    }
    return super.transform(value, metadata);
  }
}

/** Far beyond any DTO here (the deepest, a host, is 2 levels); agent reports are checked by their own schema. */
const MAX_BODY_DEPTH = 32;

/** Iterative, so measuring a hostile body cannot overflow the stack itself. */
function nestedDeeperThan(root: object, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Strict: unknown fields are refused, query strings are converted by their DTOs, nothing unvalidated passes. */
export function createValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidRequest(flattenValidationErrors(errors)),
  });
}
