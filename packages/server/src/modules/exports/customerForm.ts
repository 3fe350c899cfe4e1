import ExcelJS from 'exceljs';
import { maskAddress, maskIdNumber, maskPhone } from '@liaison/shared';
import type { AppContext, RequestMeta } from '../../context.js';
import type { Auth } from '../../access/auth.js';
import { recordAudit } from '../auditLog/audit.js';
import { findCustomer } from '../customers/customer.service.js';
import { findRegion } from '../regions/region.js';
import { dictionaryLabels, kindLabel, stageLabel } from './labels.js';

const thin = { style: 'thin' as const };
const border = { top: thin, left: thin, bottom: thin, right: thin };

/** Form 1 of the seven, 客户档案表: one customer on one sheet, laid out as the paper form. */
export const customerForm = async (ctx: AppContext, auth: Auth, meta: RequestMeta, id: string): Promise<{ buffer: Buffer; name: string }> => {
  const c = await findCustomer(ctx.db, auth, id);
  const contacts = await ctx.db.selectFrom('contact').selectAll().where('customerId', '=', id).orderBy('isPrimary', 'desc').orderBy('createdAt').execute();
  const labels = await dictionaryLabels(ctx, 'zh-CN');
  const dict = (code: string, v: string | null) => (v ? (labels.get(`${code}:${v}`) ?? v) : '');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('客户档案表', { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1 } });
  ws.columns = [{ width: 14 }, { width: 22 }, { width: 14 }, { width: 22 }];
  ws.mergeCells('A1:D1');
  ws.getCell('A1').value = '客户档案表';
  ws.getCell('A1').font = { size: 16, bold: true };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.mergeCells('A2:D2');
  ws.getCell('A2').value = `编号：${c.id.slice(-8).toUpperCase()}    客户经理：${c.ownerName ?? '公海'}    所属机构：${c.orgUnitName}    填表日期：${ctx.clock.now().toISOString().slice(0, 10)}`;
  const pairs: [string, string, string, string][] = [
    ['客户名称', c.name, '简称', c.shortName ?? ''],
    ['客户类型', kindLabel('zh-CN', c.kind), '客户阶段', stageLabel('zh-CN', c.stage)],
    ['统一社会信用代码', c.creditCode ?? '', '许可证号', c.licenceNo ?? ''],
    ['身份证号', c.idNumber ? maskIdNumber(c.idNumber) : '', '法定代表人', c.legalPerson ?? ''],
    ['所在地区', c.regionCode ? (findRegion(c.regionCode)?.fullName ?? '') : '', '详细地址', c.address ? maskAddress(c.address) : ''],
    ['联系电话', c.phone ? maskPhone(c.phone) : '', '行业', dict('industry', c.industry)],
    ['企业性质', dict('ownership', c.ownership), '企业规模', dict('scale', c.scale)],
    ['业态', dict('businessFormat', c.businessFormat), '市场类型', dict('marketType', c.marketType)],
    ['客户来源', dict('source', c.source), '客户分级', c.gradeOverride ?? c.grade ?? ''],
    ['重点客户', Number(c.isKey) ? '是' : '否', '最近联系', c.lastContactAt?.slice(0, 10) ?? ''],
    ['进货渠道', c.purchaseChannel ?? '', '销货渠道', c.salesChannel ?? ''],
  ];
  let row = 4;
  for (const p of pairs) {
    const r = ws.getRow(row++);
    r.values = p;
    for (const i of [1, 2, 3, 4]) r.getCell(i).border = border;
    for (const i of [1, 3]) r.getCell(i).font = { bold: true };
  }
  for (const [label, value] of [['需求点', c.needs], ['备注', c.remark]] as const) {
    ws.mergeCells(`B${row}:D${row}`);
    const r = ws.getRow(row++);
    r.getCell(1).value = label;
    r.getCell(1).font = { bold: true };
    r.getCell(2).value = value ?? '';
    r.height = 36;
    r.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    for (const i of [1, 2, 3, 4]) r.getCell(i).border = border;
  }
  row++;
  ws.mergeCells(`A${row}:D${row}`);
  ws.getCell(`A${row}`).value = '主要联系人（关系卡片）';
  ws.getCell(`A${row}`).font = { bold: true, size: 12 };
  row++;
  const head = ws.getRow(row++);
  head.values = ['姓名', '角色 / 职务', '手机', '生日'];
  head.font = { bold: true };
  for (const i of [1, 2, 3, 4]) head.getCell(i).border = border;
  for (const ct of contacts) {
    const r = ws.getRow(row++);
    const birthday = ct.birthMonth ? `${ct.birthdayCalendar === 'lunar' ? '农历' : ''}${ct.birthMonth}月${ct.birthDay}日${ct.nextBirthday ? `（下次 ${ct.nextBirthday}）` : ''}` : '';
    r.values = [ct.name, [dict('contactRole', ct.role), ct.position].filter(Boolean).join(' / '), ct.mobile ? maskPhone(ct.mobile) : '', birthday];
    for (const i of [1, 2, 3, 4]) r.getCell(i).border = border;
  }
  await recordAudit(ctx.db, ctx.clock.now(), auth, meta, { action: 'export', entity: 'customer', entityId: id, detail: { form: 'customerFile' } });
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), name: `客户档案表-${c.name}.xlsx` };
};
