import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml', ui: true });
}
