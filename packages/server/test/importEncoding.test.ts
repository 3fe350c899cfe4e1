import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, loginAll, startTestApp, testDbKind, upload, type Client, type TestApp } from './harness.js';

const waitFor = async (c: Client, id: string, timeoutMs = 120_000) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const res = await c.get(`/api/v1/imports/${id}`);
    expect(res.status).toBe(200);
    if (res.body.status !== 'running') return res.body;
    if (Date.now() > until) throw new Error('import did not finish');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe(`import encoding [${testDbKind}]`, () => {
  let t: TestApp;
  let leader1: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [leader1] = await loginAll(t, 'leader1');
  });
  afterAll(() => t.close());

  const named = (name: string) => countRows(t, 'customer', ['name', '=', name]);
  const importFile = async (name: string, body: Buffer, mode: 'all' | 'validOnly' = 'validOnly') => {
    const res = await upload(leader1, `/api/v1/imports?mode=${mode}`, name, body);
    expect(res.status).toBe(202);
    return waitFor(leader1, res.body.id);
  };

  it('decides on the whole file: a GBK CSV whose first 70 KB are ASCII is read as GB18030, names intact', async () => {
    const ascii = ['Kind,Name,Needs'];
    for (let i = 1; ascii.join('\n').length < 70 * 1024; i++) ascii.push(`enterprise,Ascii Trading Co ${i},${'Payroll service and a cash management account for the staff. '.repeat(2).trim()}`);
    expect(Buffer.byteLength(ascii.join('\n'))).toBeGreaterThan(70 * 1024);
    // 𠮷 is outside GBK: GB18030 encodes it in four bytes, so the superset is really used.
    const chinese = ['企业,杭州某某30000000有限公司,需要代发工资', '企业,𠮷野家餐饮管理有限公司,需要收单'];
    const body = iconv.encode([...ascii, ...chinese].join('\r\n') + '\r\n', 'gb18030');
    expect(body.subarray(0, 64 * 1024).every((b) => b < 0x80)).toBe(true);
    const before = await countRows(t, 'customer');
    const job = await importFile('english-header-gbk.csv', body);
    expect(job).toMatchObject({ status: 'succeeded', encoding: 'gb18030', errorCount: 0, importedRows: ascii.length - 1 + 2 });
    expect(await countRows(t, 'customer')).toBe(before + ascii.length - 1 + 2);
    expect(await named('杭州某某30000000有限公司')).toBe(1);
    expect(await named('𠮷野家餐饮管理有限公司')).toBe(1);
    expect(await countRows(t, 'customer', ['name', 'like', '%\uFFFD%'])).toBe(0);
  });

  it('reads UTF-8 with and without BOM as utf-8; .xlsx reports no encoding', async () => {
    const csv = '客户类型,客户名称\n企业,宁波甬江编码测试有限公司\n';
    const noBom = await importFile('utf8.csv', Buffer.from(csv, 'utf8'));
    expect(noBom).toMatchObject({ status: 'succeeded', encoding: 'utf-8', importedRows: 1 });
    const withBom = await importFile('utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv.replace('甬江', '镇海'), 'utf8')]));
    expect(withBom).toMatchObject({ status: 'succeeded', encoding: 'utf-8', importedRows: 1 });
    expect(await named('宁波甬江编码测试有限公司')).toBe(1);
    expect(await named('宁波镇海编码测试有限公司')).toBe(1);
    // A character cut by a chunk boundary of the read stream (64 KB) is still one valid UTF-8 file.
    const long = ['客户类型,客户名称,需求点'];
    for (let i = 1; i <= 400; i++) long.push(`企业,长文件公司${i},${'需要代发工资和现金管理服务'.repeat(10)}`);
    const big = await importFile('utf8-long.csv', Buffer.from(long.join('\n'), 'utf8'));
    expect(big).toMatchObject({ status: 'succeeded', encoding: 'utf-8', importedRows: 400, errorCount: 0 });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('客户导入');
    ws.addRow(['客户类型', '客户名称']);
    ws.addRow(['企业', '表格编码测试有限公司']);
    const x = await importFile('a.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x).toMatchObject({ status: 'succeeded', encoding: null, importedRows: 1 });
  });

  it('rejects every row that would store U+FFFD, naming the column, in both modes', async () => {
    const csv = ['客户类型,客户名称,需求点', '企业,替换符正常公司甲,', '企业,替换符\uFFFD公司,', '企业,替换符正常公司乙,需要\uFFFD贷款'].join('\n');
    const before = await countRows(t, 'customer');
    const all = await importFile('fffd.csv', Buffer.from(csv, 'utf8'), 'all');
    expect(all).toMatchObject({ status: 'failed', encoding: 'utf-8', importedRows: 0, errorCount: 2 });
    expect(await countRows(t, 'customer')).toBe(before);
    expect(all.errors.map((e: any) => [e.row, e.column])).toEqual([
      [3, '客户名称'],
      [4, '需求点'],
    ]);
    expect(all.errors[0].message).toContain('“客户名称”');
    expect(all.errors[0].message).toContain('�');

    const valid = await importFile('fffd.csv', Buffer.from(csv, 'utf8'), 'validOnly');
    expect(valid).toMatchObject({ status: 'succeeded', importedRows: 1, errorCount: 2 });
    expect(await countRows(t, 'customer')).toBe(before + 1);
    expect(await named('替换符正常公司甲')).toBe(1);
    expect(await named('替换符正常公司乙')).toBe(0);
    expect(await countRows(t, 'customer', ['name', 'like', '%\uFFFD%'])).toBe(0);
    expect(await countRows(t, 'customer', ['needs', 'like', '%\uFFFD%'])).toBe(0);

    // Bytes that are neither UTF-8 nor GB18030 (0xFF never starts a GB18030 character).
    const broken = Buffer.concat([iconv.encode('客户类型,客户名称\n企业,坏字节好公司\n企业,坏字节', 'gb18030'), Buffer.from([0xff]), iconv.encode('公司\n', 'gb18030')]);
    const b = await importFile('broken.csv', broken);
    expect(b).toMatchObject({ status: 'succeeded', encoding: 'gb18030', importedRows: 1, errorCount: 1 });
    expect(b.errors[0]).toMatchObject({ row: 3, column: '客户名称' });
    expect(await named('坏字节好公司')).toBe(1);
    expect(await countRows(t, 'customer', ['name', 'like', '坏字节%'])).toBe(1);

    // An .xlsx cell holding the character, with an English header, reported in the user's language.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Customers');
    ws.addRow(['Kind', 'Name', 'Address']);
    ws.addRow(['enterprise', 'Xlsx Replacement Ltd', 'No. 1 \uFFFD Road']);
    const x = await importFile('fffd.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(x).toMatchObject({ status: 'failed', importedRows: 0, errorCount: 1 });
    expect(x.errors[0]).toMatchObject({ row: 2, column: '详细地址' });
    expect(await named('Xlsx Replacement Ltd')).toBe(0);
  });
});
