import { describe, expect, it } from 'vitest';
import { personPinyinKeys, pinyinKeys, pinyinSortKey } from '../src/china/pinyin.js';

describe('pinyinKeys', () => {
  it('gives full pinyin and initials, lowercase, without tones or spaces', () => {
    expect(pinyinKeys('招商银行')).toEqual({ full: 'zhaoshangyinhang', initials: 'zsyh' });
    expect(pinyinKeys('杭州娃哈哈集团有限公司')).toEqual({ full: 'hangzhouwahahajituanyouxiangongsi', initials: 'hzwhhjtyxgs' });
  });

  it('reads polyphones in words as pinyin-pro does by default', () => {
    expect(pinyinKeys('重庆银行').full).toBe('chongqingyinhang');
    expect(pinyinKeys('长沙银行').full).toBe('changshayinhang');
    expect(pinyinKeys('中国银行').full).toBe('zhongguoyinhang');
  });

  it('writes ü as v', () => {
    expect(pinyinKeys('绿色').full).toBe('lvse');
    expect(pinyinKeys('女装').full).toBe('nvzhuang');
  });

  it('keeps Latin letters and digits (lowercased, half-width) and drops other symbols', () => {
    expect(pinyinKeys('ABC科技2号·有限公司')).toEqual({ full: 'abckeji2haoyouxiangongsi', initials: 'abckj2hyxgs' });
    expect(pinyinKeys('中国ＩＢＭ（上海）')).toEqual({ full: 'zhongguoibmshanghai', initials: 'zgibmsh' });
    expect(pinyinKeys('  7-Eleven 便利店！')).toEqual({ full: '7elevenbianlidian', initials: '7elevenbld' });
    expect(pinyinKeys('')).toEqual({ full: '', initials: '' });
    expect(pinyinKeys('の😀')).toEqual({ full: '', initials: '' });
  });
});

describe('personPinyinKeys', () => {
  it('reads a leading surname with its surname reading', () => {
    expect(personPinyinKeys('单雄信')).toEqual({ full: 'shanxiongxin', initials: 'sxx' });
    expect(personPinyinKeys('曾国藩')).toEqual({ full: 'zengguofan', initials: 'zgf' });
    expect(personPinyinKeys('区小明').full).toBe('ouxiaoming');
    expect(personPinyinKeys('仇大海').full).toBe('qiudahai');
    expect(personPinyinKeys('解放').full).toBe('xiefang');
    expect(personPinyinKeys('尉迟恭').full).toBe('yuchigong');
    expect(personPinyinKeys('吕布')).toEqual({ full: 'lvbu', initials: 'lb' });
  });

  it('differs from the default reading exactly where the surname matters', () => {
    expect(pinyinKeys('单雄信').full).toBe('danxiongxin');
    expect(pinyinKeys('曾国藩').full).toBe('cengguofan');
    expect(personPinyinKeys('张伟')).toEqual(pinyinKeys('张伟'));
  });
});

describe('pinyinSortKey', () => {
  it('is full pinyin, NUL, then the name', () => {
    expect(pinyinSortKey('招商银行')).toBe('zhaoshangyinhang 招商银行');
  });

  it('sorts names in pinyin order, not code-point order', () => {
    const names = ['招商银行', '工商银行', '阿里巴巴', '北京银行', '中国银行', 'ABC咨询', '浙商银行'];
    const sorted = [...names].sort((a, b) => (pinyinSortKey(a) < pinyinSortKey(b) ? -1 : pinyinSortKey(a) > pinyinSortKey(b) ? 1 : 0));
    expect(sorted).toEqual(['ABC咨询', '阿里巴巴', '北京银行', '工商银行', '招商银行', '浙商银行', '中国银行']);
  });

  it('breaks ties between names that read the same by the name', () => {
    expect(pinyinSortKey('李力') < pinyinSortKey('李立')).toBe('李力' < '李立');
    expect(pinyinSortKey('李力')).not.toBe(pinyinSortKey('李立'));
  });

  it('puts a name before its longer extensions', () => {
    expect(pinyinSortKey('李') < pinyinSortKey('李安')).toBe(true);
  });
});
