import { applyDecorators, type Type } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A report: `type` as JSON, or the file `format=` asks for (csv and csv-sjis as text/csv, xlsx). The document names
 * the JSON schema under every media type, as the web client's generated types expect one answer type.
 */
export function ApiReportResponse(type: Type<unknown>): MethodDecorator {
  return applyDecorators(ApiProduces('application/json', 'text/csv', XLSX), ApiOkResponse({ type }));
}

/** A download only: the file `format=` asks for. */
export function ApiFileResponse(): MethodDecorator {
  return applyDecorators(
    ApiProduces('text/csv', XLSX),
    ApiOkResponse({ description: 'csv (UTF-8 with BOM), csv-sjis (CP932) or xlsx', schema: { type: 'string', format: 'binary' } }),
  );
}
