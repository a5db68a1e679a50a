import { ApiProperty } from '@nestjs/swagger';

/** Every refusal and failure of the API (HttpErrorFilter, sendError): never a stack trace. */
export class ApiErrorDto {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ example: 'EXCEPTION_NOT_FOUND', description: 'stable code a script may test' }) code: string;
  @ApiProperty({
    description: '日本語 / English; a request that fails validation lists each problem',
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
  })
  message: string | string[];
  @ApiProperty({ description: 'the X-Correlation-Id of the request, also on the log line' }) correlationId: string;
}
