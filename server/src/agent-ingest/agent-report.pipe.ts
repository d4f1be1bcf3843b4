import { createParamDecorator, ExecutionContext, Injectable, PipeTransform, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { invalidRequest, type FieldError } from '../common/pipes/validation';
import { AgentReportDto, type AgentReport } from './dto/agent-report.dto';
import { compileDtoValidator, type CompiledDtoValidator } from './dto-validator';

let compiled: CompiledDtoValidator | undefined;

/** The report schema derived from AgentReportDto, compiled once per process (it never changes). */
export function agentReportValidator(): CompiledDtoValidator {
  return (compiled ??= compileDtoValidator(AgentReportDto));
}

/**
 * The raw report body. A custom parameter decorator on purpose: the global ValidationPipe
 * skips custom decorators, so class-validator does not run a second time after the compiled
 * schema. A text/plain body would reach us as a string: that is a wrong content type (415),
 * not a malformed report.
 */
export const AgentReportBody = createParamDecorator((_: unknown, context: ExecutionContext): unknown => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!/^application\/json\s*(;|$)/i.test(String(request.headers['content-type'] ?? ''))) {
    throw new UnsupportedMediaTypeException('Unsupported Content-Type: send the report as application/json');
  }
  return request.body;
});

/** Validates a report against the compiled schema, then what a schema cannot say (unique ids). */
@Injectable()
export class AgentReportPipe implements PipeTransform<unknown, AgentReport> {
  private readonly validator = agentReportValidator();

  transform(value: unknown): AgentReport {
    const result = this.validator.validate(value);
    if (!result.valid) throw invalidRequest(result.fields);
    const report = value as AgentReport;
    const duplicates = duplicateIds(report);
    if (duplicates.length) throw invalidRequest(duplicates);
    return report;
  }
}

/** Two entries with one id would make the detail lookup ambiguous: a broken agent, refused. */
function duplicateIds(report: AgentReport): FieldError[] {
  const firstIndex = new Map<string, number>();
  const fields: FieldError[] = [];
  report.containers.forEach((container, index) => {
    const first = firstIndex.get(container.id);
    if (first === undefined) firstIndex.set(container.id, index);
    else fields.push({ path: `containers.${index}.id`, message: `id duplicates containers.${first}.id` });
  });
  return fields;
}
