import { Injectable } from '@nestjs/common';
import { isAbsolute, resolve, sep } from 'node:path';
import { AuditService } from '../audit/audit.service';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { ExportError, ExportErrorCode } from './exports.errors';
import { ExportsRepository, ExportTargetRow } from './exports.repository';
import { isResultColumn, RESULT_COLUMN_KEYS, resultLayout } from './result-layout';

export interface TargetRequest {
  system: string;
  name?: string;
  categories: string[];
  encoding?: 'cp932' | 'utf8';
  /** An absolute folder; null or empty: files stay in keshikomi (download, re-send). */
  dir?: string | null;
  /** Column keys in the order wanted; contract.md's columns are added where left out. */
  columns?: string[];
}

const SYSTEM_NAME = /^[a-z0-9][a-z0-9_-]{0,31}$/;

/**
 * 連携先 as data (`export-target set`, the admin screen): a business system, its categories, encoding,
 * drop folder and layout. Setting one again replaces its settings; what it was already sent stays sent.
 */
@Injectable()
export class ExportTargetsService {
  constructor(
    private readonly db: Database,
    private readonly repo: ExportsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  async set(request: TargetRequest, actor: string): Promise<ExportTargetRow> {
    const invalid = (message: string) => new ExportError(ExportErrorCode.InvalidTarget, message);
    if (!SYSTEM_NAME.test(request.system)) {
      throw invalid(`連携先名は英小文字・数字・_- の32文字以内です / a system name is a-z 0-9 _ -, got ${request.system}`);
    }
    const categories = [...new Set(request.categories.map((c) => c.trim()).filter(Boolean))].sort();
    if (!categories.length) throw invalid('科目を1つ以上指定してください / name at least one category');
    const unknownColumns = (request.columns ?? []).filter((c) => !isResultColumn(c));
    if (unknownColumns.length) {
      throw invalid(`不明な列 / unknown columns: ${unknownColumns.join(', ')} (columns: ${RESULT_COLUMN_KEYS.join(', ')})`);
    }
    const dir = request.dir?.trim() || null;
    if (dir && (!isAbsolute(dir) || resolve(dir) !== dir.replace(/\/+$/, ''))) {
      throw invalid(`出力先は正規化された絶対パスで指定してください / the folder must be a plain absolute path, got ${dir}`);
    }
    const root = this.config.KESHIKOMI_EXPORT_ROOT && resolve(this.config.KESHIKOMI_EXPORT_ROOT);
    if (dir && root && dir !== root && !dir.startsWith(root + sep)) {
      throw invalid(`出力先は ${root} の中に限ります (KESHIKOMI_EXPORT_ROOT) / the folder must lie inside ${root}`);
    }
    const m = this.config.MUNICIPALITY_CODE;
    return this.db.transaction(async (q) => {
      const known = await this.repo.categoryCodes(q, m);
      const unknown = categories.filter((c) => !known.includes(c));
      if (unknown.length) throw invalid(`不明な科目 / unknown categories: ${unknown.join(', ')}`);
      const before = await this.repo.target(q, m, request.system, true);
      const saved = await this.repo.saveTarget(q, m, {
        system: request.system,
        name: request.name?.trim() || before?.name || request.system,
        categories,
        encoding: request.encoding ?? before?.encoding ?? 'cp932',
        dir: request.dir === undefined ? (before?.dir ?? null) : dir,
        columns: request.columns ? resultLayout(request.columns.filter(isResultColumn)) : (before?.columns ?? resultLayout([])),
        updatedBy: actor,
      });
      const settings = (t: ExportTargetRow | undefined) =>
        t && { name: t.name, categories: t.categories, encoding: t.encoding, dir: t.dir, columns: t.columns };
      await this.audit.append(q, {
        municipalityCode: m,
        actor,
        action: 'export_target.set',
        entity: 'export_target',
        entityId: saved.system,
        before: settings(before) ?? null,
        after: settings(saved),
      });
      return saved;
    });
  }
}
