import { registerDecorator } from 'class-validator';
import { ENGINE_URL_HINT, parseEngineUrl } from '../engine-url';

/** `tcp://host:port` or `https://host:port` only (parseEngineUrl), so no other scheme or path reaches dockerode. */
export function IsEngineUrl() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isEngineUrl',
      target: object.constructor,
      propertyName,
      options: { message: ENGINE_URL_HINT },
      validator: { validate: (value: unknown) => typeof value === 'string' && parseEngineUrl(value) !== null },
    });
}
