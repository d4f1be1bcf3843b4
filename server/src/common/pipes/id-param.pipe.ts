import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** `:id` path segments: a positive 32-bit integer, or a 400 that says so. */
@Injectable()
export class IdParamPipe implements PipeTransform<string, number> {
  transform(value: unknown): number {
    // Only the text itself can be checked: a number here means something converted it first.
    if (typeof value !== 'string' || !/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > 2_147_483_647) {
      throw new BadRequestException('id must be a positive integer');
    }
    return Number(value);
  }
}
