import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

export interface StringMapBounds {
  maxEntries: number;
  maxKeyLength: number;
  maxValueLength: number;
}

/** A flat `{ [key]: string }` object with bounded size (Docker labels). */
export function IsStringMap(bounds: StringMapBounds, options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isStringMap',
      target: object.constructor,
      propertyName,
      constraints: [bounds],
      options: {
        message: (args: ValidationArguments) =>
          `${args.property} must be an object of at most ${bounds.maxEntries} string values (keys ≤ ${bounds.maxKeyLength}, values ≤ ${bounds.maxValueLength} characters)`,
        ...options,
      },
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
          const entries = Object.entries(value);
          return (
            entries.length <= bounds.maxEntries &&
            entries.every(([k, v]) => k.length <= bounds.maxKeyLength && typeof v === 'string' && v.length <= bounds.maxValueLength)
          );
        },
      },
    });
}
