import { foldPayerName, payerNamesMatch } from './payer-name';

describe('振込依頼人名 folding', () => {
  it('reads full-width and half-width kana, small kana and hiragana alike', () => {
    expect(foldPayerName('ﾃﾞﾝｻﾝｼｽﾃﾑ')).toBe(foldPayerName('デンサンシステム'));
    expect(foldPayerName('ｷｯﾌﾟ')).toBe(foldPayerName('キツプ'));
    expect(foldPayerName('でんさん')).toBe(foldPayerName('ﾃﾞﾝｻﾝ'));
  });

  it('drops spaces and legal-form marks wherever the bank put them', () => {
    const folded = foldPayerName('デンサンシステム');
    for (const name of ['ﾃﾞﾝｻﾝｼｽﾃﾑ(ｶ', 'ｶ)ﾃﾞﾝｻﾝｼｽﾃﾑ', '(ｶ)ﾃﾞﾝｻﾝ ｼｽﾃﾑ', 'ﾃﾞﾝｻﾝ　ｼｽﾃﾑ（カ）', 'ﾃﾞﾝｻﾝｼｽﾃﾑ ｶ)']) {
      expect(foldPayerName(name)).toBe(folded);
    }
    expect(foldPayerName('ｻﾞｲ)ﾁﾎｳｾﾞｲｷﾖｳ')).toBe(foldPayerName('ﾁﾎｳｾﾞｲｷﾖｳ'));
    expect(foldPayerName('ﾕ)ﾀﾙﾐｽﾞｼﾖｳｶｲ')).toBe(foldPayerName('ﾀﾙﾐｽﾞｼﾖｳｶｲ'));
  });

  it('keeps kana that merely look like a legal form inside a name', () => {
    expect(foldPayerName('ｶｺﾞｼﾏｷﾞﾝｺｳ')).toBe('カゴシマギンコウ');
  });

  it('takes a prefix of ten characters or more as the name the bank truncated, never a shorter one', () => {
    const source = foldPayerName('ﾁｷﾖｳｾﾞｲﾑｷﾖｳﾄﾞｳｷｺｳｾﾝﾀｰ');
    expect(payerNamesMatch(source, foldPayerName('ﾁｷﾖｳｾﾞｲﾑｷﾖｳﾄﾞｳｷｺｳ'))).toBe(true);
    expect(payerNamesMatch(foldPayerName('ﾍﾟｲﾍﾟｲｶｰﾄﾞ'), foldPayerName('ﾍﾟｲﾍﾟｲ'))).toBe(false);
    expect(payerNamesMatch(foldPayerName('ﾍﾟｲﾍﾟｲ(ｶ'), foldPayerName('ｶ)ﾍﾟｲﾍﾟｲ'))).toBe(true);
    expect(payerNamesMatch('', '')).toBe(false);
  });
});
