import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AGENT_TOKEN_SCHEME, USER_JWT_SCHEME } from './common/decorators/authenticated.decorator';

/** OpenAPI at /api/docs-json, Swagger UI at /api/docs, with both bearer schemes declared. */
export function setupSwagger(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('ArchNest API')
    .setDescription('Docker containers of many machines in one place: Docker API (TCP/TLS), Docker over SSH and a push agent.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/auth/login.' }, USER_JWT_SCHEME)
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'The shared agent secret, ARCHNEST_AGENT_TOKEN (agent ingest only).' }, AGENT_TOKEN_SCHEME)
    .build();
  const document = documentCommonErrors(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml', ui: true });
}

const ERROR_CONTENT = { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } };
const COMMON_ERRORS: Record<string, string> = {
  '400': 'Invalid path parameter, query or body: `message` says what to fix, `fields` names each failing field.',
  '413': 'The body is larger than this endpoint accepts.',
  '415': 'The body is not application/json.',
};

/**
 * The answers every operation can give whatever its controller declares: the global validation
 * pipe and the parameter pipes answer 400, Fastify 413 and 415 for bodies. Without this, most
 * operations documented none of them and clients could not trust the document (found by the
 * OpenAPI fuzzer, test/reliability/openapi-fuzz.e2e-spec.ts). A controller's own description wins.
 */
export function documentCommonErrors(document: OpenAPIObject): OpenAPIObject {
  for (const operations of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = operations[method];
      if (!operation) continue;
      const takesInput = (operation.parameters ?? []).length > 0 || operation.requestBody !== undefined;
      const codes = [...(takesInput ? ['400'] : []), ...(operation.requestBody ? ['413', '415'] : [])];
      for (const code of codes) operation.responses[code] ??= { description: COMMON_ERRORS[code], content: ERROR_CONTENT };
    }
  }
  return document;
}
