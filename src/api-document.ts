import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, ResponseObject, SwaggerModule } from '@nestjs/swagger';
import { describeAccess, withSessionSecurity } from './auth/openapi-access';
import { ApiErrorDto } from './common/api-error.dto';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * The OpenAPI document of the API, as the service serves it at /api/docs-json and as web/api/openapi.json
 * commits it for the UI's generated types (`npm run api:generate`). Built from the controllers' and DTOs'
 * decorators alone: the app must have its global prefix, but needs no database.
 */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('keshikomi API')
    .setDescription(
      '公金収納の消込 / reconciliation of 垂水市 public payments. Log in with POST /api/auth/login; ' +
        'every other endpoint but GET /api/health needs the session and one of the roles it names. ' +
        'Requests that change something send JSON (multipart for uploads) and, from a browser, come from this origin.',
    )
    .setVersion('0.1.0');
  const document = SwaggerModule.createDocument(app, withSessionSecurity(builder).build(), { extraModels: [ApiErrorDto] });
  return describeAccess(withErrorBodies(document));
}

/** Every refusal answers ApiErrorDto: the 4xx an operation declares, and any other status as `default`. */
function withErrorBodies(document: OpenAPIObject): OpenAPIObject {
  const content = { 'application/json': { schema: { $ref: getSchemaPath(ApiErrorDto) } } };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const responses = item[method]?.responses;
      if (!responses) continue;
      for (const [status, response] of Object.entries(responses)) {
        if (Number(status) >= 400) (response as ResponseObject).content = content;
      }
      responses.default = { description: '拒否・エラー / refused or failed', content };
    }
  }
  return document;
}
