import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

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

/** Strict: unknown fields are refused, types are converted from path/query strings, nothing unvalidated passes. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalidRequest(flattenValidationErrors(errors)),
  });
}
