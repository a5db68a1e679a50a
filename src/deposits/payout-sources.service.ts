import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { AuditService } from '../audit/audit.service';
import { FORMAT_CHANNEL, type PayoutFees } from '../common/codes';
import { AppConfig } from '../config/app-config';
import { Database } from '../database/database';
import { DepositError, DepositErrorCode } from './deposits.errors';
import { DepositsRepository, PayoutSourceRow } from './deposits.repository';
import { foldPayerName } from './payer-name';

/** A payout source as `payout-source set` and `PUT /api/payout-sources` give it (contract.md flags). */
export interface PayoutSourceInput {
  format: string;
  provider: string;
  payerName: string;
  fees?: PayoutFees;
  feePerItem?: number;
  feeRate?: number;
  toleranceDays?: number;
  lagDays?: number;
}

/** The file of a samples folder that lists its payout sources. */
export const SAMPLE_PAYOUT_SOURCES = 'payout-sources.json';

/** Formats whose payments are paid out into the city's account: all but the 調定 and the statement itself. */
const PAYING_FORMATS = Object.keys(FORMAT_CHANNEL).filter((format) => format !== 'zengin-deposit');

/**
 * 入金元: who pays out each provider's collections into the city's account, as data. Setting one replaces its terms
 * (audited, before and after); the next reconciliation run uses them.
 */
@Injectable()
export class PayoutSourcesService {
  constructor(
    private readonly db: Database,
    private readonly repo: DepositsRepository,
    private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  list(): Promise<PayoutSourceRow[]> {
    return this.repo.payoutSources(this.config.MUNICIPALITY_CODE);
  }

  async set(input: PayoutSourceInput, actor: string): Promise<PayoutSourceRow> {
    const values = this.validated(input);
    const m = this.config.MUNICIPALITY_CODE;
    await this.db.transaction(async (q) => {
      const { id, before } = await this.repo.upsertPayoutSource(q, { ...values, municipalityCode: m, updatedBy: actor });
      await this.audit.append(q, {
        municipalityCode: m,
        actor,
        action: 'payout_source.set',
        entity: 'payout_source',
        entityId: String(id),
        before: before ? { ...before } : null,
        after: { ...values },
      });
    });
    const rows = await this.list();
    return rows.find((row) => row.format === values.format && row.providerCode === values.providerCode)!;
  }

  /**
   * The payout sources a file lists (`{"payoutSources":[…]}`, the flags of `payout-source set`): the samples'
   * samples/payout-sources.json. A missing file sets nothing; returns how many were set.
   */
  async setFromFile(file: string, actor: string): Promise<number> {
    if (!existsSync(file)) return 0;
    const { payoutSources } = JSON.parse(readFileSync(file, 'utf8')) as { payoutSources: PayoutSourceInput[] };
    for (const source of payoutSources) await this.set(source, actor);
    return payoutSources.length;
  }

  /** The terms, checked and with formats.md's defaults: gross, no fees, on the day, lag 1. */
  private validated(input: PayoutSourceInput) {
    const invalid = (ja: string, en: string) => new DepositError(DepositErrorCode.InvalidPayoutSource, `${ja} / ${en}`);
    if (!PAYING_FORMATS.includes(input.format)) {
      throw invalid(
        `入金元を設定できる形式ではありません: ${input.format}（${PAYING_FORMATS.join(', ')}）`,
        `not a format whose collections are paid out: ${input.format} (${PAYING_FORMATS.join(', ')})`,
      );
    }
    const provider = input.provider.trim();
    if (!provider || provider.length > 64) throw invalid('事業者キーを指定してください', 'name the provider key');
    const payerName = input.payerName.trim();
    const folded = foldPayerName(payerName);
    if (!folded) throw invalid(`振込依頼人名が空です: ${input.payerName}`, `the payer name folds to nothing: ${input.payerName}`);
    const whole = (value: number | undefined, fallback: number, max: number, name: string) => {
      const n = value ?? fallback;
      if (!Number.isInteger(n) || n < 0 || n > max)
        throw invalid(`${name}は0〜${max}の整数です: ${n}`, `${name} is a whole number 0–${max}: ${n}`);
      return n;
    };
    const feeRate = input.feeRate ?? 0;
    if (!Number.isFinite(feeRate) || feeRate < 0 || feeRate >= 100 || Math.round(feeRate * 10_000) !== feeRate * 10_000) {
      throw invalid(
        `手数料率は0以上100未満（小数4桁まで）です: ${feeRate}`,
        `the fee rate is a percentage 0 to under 100, 4 decimals: ${feeRate}`,
      );
    }
    return {
      format: input.format,
      providerCode: provider,
      payerName,
      payerNameFolded: folded,
      fees: input.fees ?? 'gross',
      feePerItem: whole(input.feePerItem, 0, 100_000, '件当たり手数料'),
      feeRate,
      toleranceDays: whole(input.toleranceDays, 0, 30, '許容営業日数'),
      lagDays: whole(input.lagDays, 1, 30, '入金までの営業日数'),
    };
  }
}
