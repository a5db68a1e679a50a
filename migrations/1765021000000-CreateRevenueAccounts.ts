import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 歳入科目 (会計・款・項・目・節) of each revenue category and 年度区分, as data an admin edits (issue #11): the books
 * (収入日計表, 月計表, 決算) print the account a payment is booked to. 現年度分 and 滞納繰越分 are different 節.
 * Seeded for the ten categories of contract.md in the shape of a city's 歳入予算 (the city corrects the names).
 */
export class CreateRevenueAccounts1765021000000 implements MigrationInterface {
  name = 'CreateRevenueAccounts1765021000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE revenue_account (
        municipality_code char(6) NOT NULL DEFAULT '462144',
        category_code varchar(2) NOT NULL,
        year_class text NOT NULL CHECK (year_class IN ('current', 'carried')),
        ledger text NOT NULL CHECK (ledger <> ''),
        kan text NOT NULL CHECK (kan <> ''),
        kou text NOT NULL CHECK (kou <> ''),
        moku text NOT NULL CHECK (moku <> ''),
        setsu text NOT NULL CHECK (setsu <> ''),
        updated_by text NOT NULL DEFAULT 'system',
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT pk_revenue_account PRIMARY KEY (municipality_code, category_code, year_class),
        CONSTRAINT fk_revenue_account_category FOREIGN KEY (municipality_code, category_code)
          REFERENCES revenue_category (municipality_code, code)
      )`);
    await q.query(`
      INSERT INTO revenue_account (municipality_code, category_code, year_class, ledger, kan, kou, moku, setsu)
      SELECT c.municipality_code, c.code, y.year_class, a.ledger, a.kan, a.kou, a.moku,
             CASE y.year_class WHEN 'current' THEN a.setsu_current ELSE a.setsu_carried END
        FROM revenue_category c
        JOIN (VALUES
          ('01', '一般会計', '市税', '市民税', '個人', '現年課税分', '滞納繰越分'),
          ('02', '一般会計', '市税', '固定資産税', '固定資産税', '現年課税分', '滞納繰越分'),
          ('03', '一般会計', '市税', '軽自動車税', '種別割', '現年課税分', '滞納繰越分'),
          ('04', '国民健康保険特別会計', '国民健康保険税', '国民健康保険税', '一般被保険者国民健康保険税', '現年課税分', '滞納繰越分'),
          ('05', '介護保険特別会計', '保険料', '介護保険料', '第1号被保険者保険料', '現年度分普通徴収保険料', '滞納繰越分普通徴収保険料'),
          ('06', '後期高齢者医療特別会計', '後期高齢者医療保険料', '後期高齢者医療保険料', '後期高齢者医療保険料', '現年度分普通徴収保険料', '滞納繰越分普通徴収保険料'),
          ('07', '一般会計', '使用料及び手数料', '使用料', '土木使用料', '住宅使用料（現年度分）', '住宅使用料（滞納繰越分）'),
          ('08', '一般会計', '分担金及び負担金', '負担金', '民生費負担金', '児童福祉費負担金（現年度分）', '児童福祉費負担金（滞納繰越分）'),
          ('09', '一般会計', '使用料及び手数料', '手数料', '衛生手数料', '清掃手数料（現年度分）', '清掃手数料（滞納繰越分）'),
          ('10', '一般会計', '使用料及び手数料', '手数料', '総務手数料', '戸籍住民基本台帳手数料', '戸籍住民基本台帳手数料（滞納繰越分）')
        ) AS a(code, ledger, kan, kou, moku, setsu_current, setsu_carried) ON a.code = c.code
        CROSS JOIN (VALUES ('current'), ('carried')) AS y(year_class)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE revenue_account`);
  }
}
