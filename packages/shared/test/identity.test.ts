import { describe, expect, it } from 'vitest';
import {
  creditCodeProblem,
  idNumberInfo,
  idNumberProblem,
  isLandline,
  isMobile,
  isValidCreditCode,
  isValidIdNumber,
  maskAddress,
  maskIdNumber,
  maskPhone,
  normalizeCode,
  normalizeCompanyName,
  normalizeLandline,
  normalizePhone,
  phoneProblem,
} from '../src/china/identity.js';

describe('normalizeCode', () => {
  it('half-widths, uppercases and removes every kind of whitespace', () => {
    expect(normalizeCode(' ９１３５\u3000０１００ｍ\u00A0000\u200B100y43\t\n')).toBe('91350100M000100Y43');
    expect(normalizeCode('\uFEFF11010519491231002x')).toBe('11010519491231002X');
    expect(normalizeCode('')).toBe('');
  });
});

describe('unified social credit code 统一社会信用代码', () => {
  // Real, published codes. Those with a name attached are well-known companies; the rest are from the list of
  // codes "found online" in python-stdnum's tests/test_cn_uscc.doctest (all 383 of which pass both check characters).
  const real = [
    '91350100M000100Y43',
    '914403001922038216', // 华为技术有限公司
    '91440300708461136T', // 深圳市腾讯计算机系统有限公司
    '91100000100003962T', // 中国工商银行股份有限公司
    '91110108551385082Q', // 小米科技有限责任公司
    '91110000802100433B', // 百度在线网络技术（北京）有限公司
    '91330100799655058B', // 阿里巴巴（中国）有限公司
    '12440600MB2C07549J', // a public institution (事业单位), from xbeginagain/generator issue #2
    '121200004013590816',
    '91110000600037341L',
    '91310115MA1K3BTP2B',
    '91620105L015101280',
    '9144030071526726XG',
    '9115220107837757XE', // organisation code check character X
    '91340621MA2PEMUHX8', // organisation code with letters and check character X
    '911522010783762860', // position 18 is 0 because 31 - 0 = 31 → 0
    '91340600MA2PBP2120',
    '92340603MA2PBMYMX1', // individual business (个体工商户)
    '92340621MA2UK3PJXE',
  ];

  it.each(real)('accepts the real code %s', (code) => {
    expect(creditCodeProblem(code)).toBeNull();
    expect(isValidCreditCode(code)).toBe(true);
  });

  it('values organisation-code letters by GB 11714 (A=10 … Z=35), not by the credit-code charset', () => {
    // With M=21, B=11 … as in the credit-code alphabet, position 17 of this real code would have to be 1, not 9.
    expect(isValidCreditCode('12440600MB2C07549J')).toBe(true);
    expect(isValidCreditCode('91310115MA1K3BTP2B')).toBe(true);
  });

  it('accepts lowercase, full-width and spaced input', () => {
    expect(isValidCreditCode('91350100m000100y43')).toBe(true);
    expect(isValidCreditCode('９１３５０１００Ｍ０００１００Ｙ４３')).toBe(true);
    expect(isValidCreditCode(' 9135 0100\u3000M000 100Y\u00A043 ')).toBe(true);
    expect(isValidCreditCode('91350100M000\u200B100Y43')).toBe(true);
  });

  it('reports a wrong length', () => {
    expect(creditCodeProblem('')).toBe('length');
    expect(creditCodeProblem('91350100M000100Y4')).toBe('length');
    expect(creditCodeProblem('91350100M000100Y433')).toBe('length');
    expect(creditCodeProblem('M00010OY4')).toBe('length'); // a bare old organisation code is not a credit code
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the letter %s anywhere', (letter) => {
    expect(creditCodeProblem(`91350100M000100${letter}43`)).toBe('charset');
    expect(creditCodeProblem(`91350100${letter}000100Y43`)).toBe('charset');
    expect(creditCodeProblem(`914403001922038${letter.toLowerCase()}16`)).toBe('charset');
  });

  it('rejects characters out of place for their position', () => {
    expect(creditCodeProblem('91350100M000100Y4-')).toBe('charset');
    expect(creditCodeProblem('9135010AM000100Y43')).toBe('charset'); // administrative division must be digits
    expect(creditCodeProblem('B1110000600037341L')).toBe('charset'); // B is not a registration authority code
    expect(creditCodeProblem('90110000600037341L')).toBe('charset'); // category 0 does not exist
    expect(creditCodeProblem('9A110000600037341L')).toBe('charset'); // category is a digit
  });

  it('accepts the letter registration authorities A, N and Y when the check characters are right', () => {
    expect(creditCodeProblem('A1110000600037341K')).toBeNull();
    expect(creditCodeProblem('N11100006000373417')).toBeNull();
    expect(creditCodeProblem('Y1110000600037341Y')).toBeNull();
  });

  it('reports a wrong position-18 check character', () => {
    expect(creditCodeProblem('914403001922038217')).toBe('checkDigit');
    expect(creditCodeProblem('91350100M000100Y44')).toBe('checkDigit');
    expect(creditCodeProblem('91110000600037341N')).toBe('checkDigit');
  });

  it('reports a wrong position-17 organisation-code check even when position 18 is consistent', () => {
    expect(creditCodeProblem('914403001922038203')).toBe('checkDigit');
    expect(creditCodeProblem('91350100M000100Y56')).toBe('checkDigit');
    // A resident ID number that happens to satisfy the MOD 31 check (hutool issue #1367) is not a credit code.
    expect(isValidIdNumber('362322198709086409')).toBe(true);
    expect(isValidCreditCode('362322198709086409')).toBe(false);
  });
});

describe('resident ID number 身份证号', () => {
  const today = new Date(2025, 5, 1); // 2025-06-01, local time

  it('accepts valid numbers, including the GB 11643 example and a lowercase x', () => {
    expect(idNumberProblem('11010519491231002X', today)).toBeNull();
    expect(isValidIdNumber('11010519491231002x', today)).toBe(true);
    expect(isValidIdNumber('33010619900101123X', today)).toBe(true);
    expect(isValidIdNumber('330106198511200028', today)).toBe(true);
    expect(isValidIdNumber('11010519491231002X')).toBe(true); // default today
  });

  it('accepts full-width and spaced input', () => {
    expect(isValidIdNumber('１１０１０５１９４９１２３１００２Ｘ', today)).toBe(true);
    expect(isValidIdNumber('110105 19491231 002X', today)).toBe(true);
    expect(isValidIdNumber('\u3000110105\u00A019491231\u200B002ｘ ', today)).toBe(true);
  });

  it('reports a wrong length', () => {
    expect(idNumberProblem('', today)).toBe('length');
    expect(idNumberProblem('110105194912310', today)).toBe('length'); // 15-digit first generation
    expect(idNumberProblem('11010519491231002X1', today)).toBe('length');
  });

  it('reports a bad character', () => {
    expect(idNumberProblem('1101051949123100XX', today)).toBe('charset');
    expect(idNumberProblem('11010519491231002Y', today)).toBe('charset');
    expect(idNumberProblem('11010519491231-02X', today)).toBe('charset');
  });

  it('reports a wrong check digit', () => {
    expect(idNumberProblem('110105194912310021', today)).toBe('checkDigit');
    expect(idNumberProblem('330106199001011230', today)).toBe('checkDigit');
    expect(idNumberProblem('330106199001011234', today)).toBe('checkDigit');
  });

  it('rejects birth dates that do not exist (check digit made right so the date is what fails)', () => {
    expect(idNumberProblem('330106202302301235', today)).toBe('birthDate'); // 2023-02-30
    expect(idNumberProblem('330106202302291233', today)).toBe('birthDate'); // 2023 is not a leap year
    expect(idNumberProblem('330106190002291236', today)).toBe('birthDate'); // nor is 1900
    expect(idNumberProblem('330106199013011237', today)).toBe('birthDate'); // month 13
    expect(idNumberProblem('330106199001001234', today)).toBe('birthDate'); // day 0
    expect(idNumberProblem('330106200002291240', today)).toBeNull(); // 2000 is a leap year
  });

  it('rejects birth dates before 1900 — including the GB 11643 example born in 1880', () => {
    expect(idNumberProblem('330106189912311234', today)).toBe('birthDate');
    expect(idNumberProblem('440524188001010014', today)).toBe('birthDate');
    expect(idNumberProblem('330106190001011239', today)).toBeNull();
  });

  it('rejects birth dates after today', () => {
    expect(idNumberProblem('330106203001011239', today)).toBe('birthDate');
    expect(idNumberProblem('330106203001011239', new Date(2030, 0, 1))).toBeNull();
    expect(idNumberProblem('33010620250601123X', today)).toBeNull(); // born today
    expect(idNumberProblem('330106202506021235', today)).toBe('birthDate'); // born tomorrow
    expect(idNumberProblem('330106202506021235', new Date(2025, 5, 2, 0, 0, 1))).toBeNull();
  });

  it('tells birth date, gender and region of a valid number, null otherwise', () => {
    expect(idNumberInfo('11010519491231002x')).toEqual({ birthDate: '1949-12-31', gender: 'female', regionCode: '110105' });
    expect(idNumberInfo('33010619900101123X')).toEqual({ birthDate: '1990-01-01', gender: 'male', regionCode: '330106' });
    expect(idNumberInfo('330106198511200028')).toEqual({ birthDate: '1985-11-20', gender: 'female', regionCode: '330106' });
    expect(idNumberInfo('33010619851120001X')).toEqual({ birthDate: '1985-11-20', gender: 'male', regionCode: '330106' });
    expect(idNumberInfo('330106203001011239', today)).toBeNull();
    expect(idNumberInfo('110105194912310021')).toBeNull();
    expect(idNumberInfo('')).toBeNull();
  });
});

describe('phone numbers', () => {
  it('normalises to digits without country code or separators', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('+86 138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('+86-13812345678')).toBe('13812345678');
    expect(normalizePhone('0086 13812345678')).toBe('13812345678');
    expect(normalizePhone('8613812345678')).toBe('13812345678');
    expect(normalizePhone('１３８\u3000１２３４－５６７８')).toBe('13812345678');
    expect(normalizePhone('(0571)87654321')).toBe('057187654321');
    expect(normalizePhone('+86 571 8765 4321')).toBe('057187654321');
  });

  it('recognises mainland mobiles', () => {
    for (const p of ['13812345678', '19912345678', '+86 138 1234 5678', '１３８１２３４５６７８', '138-1234-5678']) {
      expect(isMobile(p), p).toBe(true);
      expect(phoneProblem(p), p).toBeNull();
    }
    for (const p of ['12812345678', '1381234567', '138123456789', '23812345678', '138l2345678', '']) {
      expect(isMobile(p), p).toBe(false);
    }
  });

  it('recognises landlines with area code, in the ways people write them', () => {
    const forms: [string, string][] = [
      ['0571-87654321', '0571-87654321'],
      ['(0571)87654321', '0571-87654321'],
      ['（0571）87654321', '0571-87654321'],
      ['(0571) 8765 4321', '0571-87654321'],
      ['057187654321', '0571-87654321'],
      ['0571 8765-4321', '0571-87654321'],
      ['0571-8765-4321', '0571-87654321'],
      ['０５７１－８７６５４３２１', '0571-87654321'],
      ['+86 571 87654321', '0571-87654321'],
      ['+86-571-87654321', '0571-87654321'],
      ['0086 0571 87654321', '0571-87654321'],
      ['010-12345678-123', '010-12345678-123'],
      ['01012345678', '010-12345678'], // 010 is a 3-digit area code, not 0101
      ['02187654321', '021-87654321'],
      ['0571-87654321转8001', '0571-87654321-8001'],
      ['0571-87654321 ext. 8001', '0571-87654321-8001'],
      ['0571-87654321#8001', '0571-87654321-8001'],
      ['0898-6543210', '0898-6543210'], // 7-digit local number
    ];
    for (const [input, canonical] of forms) {
      expect(isLandline(input), input).toBe(true);
      expect(normalizeLandline(input), input).toBe(canonical);
      expect(phoneProblem(input), input).toBeNull();
    }
  });

  it('rejects what is not a landline', () => {
    for (const p of ['87654321', '571-87654321', '0571-876543', '0571-876543210', '0571-07654321', '010-12345678-1234567', '13812345678', '4008001234', 'abc', '']) {
      expect(isLandline(p), p).toBe(false);
    }
    expect(normalizeLandline('87654321')).toBe('87654321');
    expect(phoneProblem('87654321')).toBe('format');
    expect(phoneProblem('4008001234')).toBe('format');
    expect(phoneProblem('1381234567')).toBe('format');
    expect(phoneProblem('')).toBe('format');
  });
});

describe('masks', () => {
  it('masks mobiles and landlines', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138 1234 1234')).toBe('138****1234');
    expect(maskPhone('0571-87654321')).toBe('0571-****4321');
    expect(maskPhone('(0571)87654321')).toBe('0571-****4321');
    expect(maskPhone('010-12345678-123')).toBe('010-****5678-123');
    expect(maskPhone('0898-6543210')).toBe('0898-****3210');
  });

  it('never shows an unrecognised phone in full', () => {
    expect(maskPhone('4008001234')).toBe('400****1234');
    expect(maskPhone('12345')).toBe('****');
    expect(maskPhone('')).toBe('');
  });

  it('masks ID numbers to the first 6 and last 4', () => {
    expect(maskIdNumber('33010619900101123X')).toBe('330106********123X');
    expect(maskIdNumber('33010619900101123x')).toBe('330106********123X');
    expect(maskIdNumber('330106 19900101 123X')).toBe('330106********123X');
    expect(maskIdNumber('123')).toBe('****');
    expect(maskIdNumber('')).toBe('');
  });

  it('masks addresses after the province/city part', () => {
    expect(maskAddress('浙江省杭州市西湖区文三路90号')).toBe('浙江省杭州市****');
    expect(maskAddress('  北京市朝阳区建国路1号 ')).toBe('北京市朝阳区****');
    expect(maskAddress('浙江省杭州市')).toBe('浙江****');
    expect(maskAddress('杭州')).toBe('杭州****');
    expect(maskAddress('')).toBe('');
  });
});

describe('normalizeCompanyName for the duplicate check', () => {
  const same = (a: string, b: string) => expect(normalizeCompanyName(a), `${a} vs ${b}`).toBe(normalizeCompanyName(b));
  const different = (a: string, b: string) => expect(normalizeCompanyName(a), `${a} vs ${b}`).not.toBe(normalizeCompanyName(b));

  it('treats spacing, brackets, width, case, punctuation and the legal form as noise', () => {
    expect(normalizeCompanyName('杭州 娃哈哈（集团）有限公司')).toBe('杭州娃哈哈集团');
    same('杭州 娃哈哈（集团）有限公司', '杭州娃哈哈集团有限责任公司');
    same('杭州娃哈哈(集团)有限公司', '杭州娃哈哈【集团】有限公司');
    same('阿里巴巴（中国）有限公司', '阿里巴巴[中国]有限公司');
    same('浙江ＡＢＣ科技有限公司', '浙江abc科技有限公司');
    same('浙江 A.B.C 科技有限公司', '浙江ABC科技有限公司');
    same('杭州·西湖、龙井_茶-叶&有限公司', '杭州西湖龙井茶叶有限公司');
    same("杭州'东方'\"明珠\"有限公司", '杭州东方明珠有限公司');
    same('浙江东方集团股份有限公司', '浙江东方集团有限公司');
    same('浙江\u3000东方\u00A0科技\u200B有限公司', '浙江东方科技有限公司');
  });

  it('keeps what tells two customers apart', () => {
    different('杭州娃哈哈集团有限公司', '杭州娃哈哈有限公司'); // 集团 is kept
    different('杭州娃哈哈集团有限公司', '杭州娃哈哈集团有限公司上海分公司'); // a branch
    different('杭州娃哈哈食品厂', '杭州娃哈哈食品有限公司'); // 厂 is kept
    different('西湖便利店', '西湖便利有限公司'); // 店 is kept
    different('杭州东方科技有限公司', '杭州东方信息有限公司');
  });

  it('only strips a trailing legal form, and never to nothing', () => {
    expect(normalizeCompanyName('有限公司')).toBe('有限公司');
    expect(normalizeCompanyName('杭州有限公司研究会')).toBe('杭州有限公司研究会');
    expect(normalizeCompanyName('杭州东方公司')).toBe('杭州东方公司');
    expect(normalizeCompanyName('')).toBe('');
  });
});

describe('completing codes for factories', () => {
  it('completeCreditCode and completeIdNumber produce valid codes', async () => {
    const { completeCreditCode, completeIdNumber, isValidCreditCode, isValidIdNumber } = await import('../src/china/identity.js');
    expect(completeCreditCode('9133010600000001')).toHaveLength(18);
    expect(isValidCreditCode(completeCreditCode('9133010600000001'))).toBe(true);
    expect(isValidIdNumber(completeIdNumber('33010619900101123'))).toBe(true);
  });
});

describe('redactNumbers', () => {
  it('masks phones, IDs and landlines typed into free text, keeps amounts and dates', async () => {
    const { redactNumbers } = await import('../src/index.js');
    const out = redactNumbers('回访时打 138 1234 5678，身份证 33010619880315123X，金额 5000 元，0571-87654321，2026-11-23 再联系');
    expect(out).not.toMatch(/1234 5678|19880315|87654321/);
    expect(out).toContain('138****5678');
    expect(out).toContain('5000 元');
    expect(out).toContain('2026-11-23 再联系');
  });
});
