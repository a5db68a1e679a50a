import { CallHandler, ExecutionContext, Injectable, NestInterceptor, PayloadTooLargeException, Type } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { tmpdir } from 'node:os';
import type { Observable } from 'rxjs';
import { AppConfig } from '../config/app-config';

/**
 * The multipart `file` of an upload, written to a temporary file and streamed from there like a file on
 * disk; refused with 413 beyond KESHIKOMI_UPLOAD_LIMIT_BYTES, so no upload can exhaust the disk or memory.
 */
@Injectable()
export class UploadedFileInterceptor implements NestInterceptor {
  private readonly multipart: NestInterceptor;
  private readonly limit: number;

  constructor(config: AppConfig) {
    this.limit = config.KESHIKOMI_UPLOAD_LIMIT_BYTES;
    const Multipart: Type<NestInterceptor> = FileInterceptor('file', { dest: tmpdir(), limits: { fileSize: this.limit, files: 1 } });
    this.multipart = new Multipart();
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await this.multipart.intercept(context, next);
    } catch (error) {
      if (!(error instanceof PayloadTooLargeException)) throw error;
      const mib = (this.limit / 1024 ** 2).toLocaleString('en-US', { maximumFractionDigits: 1 });
      throw new PayloadTooLargeException(
        `ファイルが大きすぎます（上限 ${mib} MiB、KESHIKOMI_UPLOAD_LIMIT_BYTES） / ` +
          `the file is larger than the upload limit of ${mib} MiB (KESHIKOMI_UPLOAD_LIMIT_BYTES)`,
      );
    }
  }
}
