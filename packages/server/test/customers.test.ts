import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, loginAll, startTestApp, testDbKind, type Client, type TestApp } from './harness.js';
import { buildCustomer, buildPool, creditCode, idNumber } from './factories.js';

describe(`customer archive [${testDbKind}]`, () => {
  let t: TestApp;
  let m1: Client, m2: Client, m3: Client, m5: Client, leader1: Client, leader2: Client, auditor: Client, admin: Client;
  beforeAll(async () => {
    t = await startTestApp();
    [m1, m2, m3, m5, leader1, leader2, auditor, admin] = await loginAll(t, 'manager1', 'manager2', 'manager3', 'manager5', 'leader1', 'leader2', 'auditor1', 'admin');
    await buildPool(t, 'HZ');
  });
  afterAll(() => t.close());

  describe('validation as a Chinese system should', () => {
    it('accepts a credit code typed lowercase, full-width or with spaces, and stores it canonical', async () => {
      const code = creditCode();
      const fullWidth = [...code.toLowerCase()].map((ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).join('');
      const spaced = ` ${fullWidth.slice(0, 6)} ${fullWidth.slice(6)} `;
      const c = await buildCustomer(m1, { kind: 'enterprise', name: '杭州测试科技有限公司', creditCode: spaced, licenceNo: undefined });
      expect(c.creditCode).toBe(code);
      expect(c.kind).toBe('enterprise');
    });

    it('rejects a wrong check character, the wrong length and forbidden letters, naming the field, writing nothing', async () => {
      const before = await countRows(t, 'customer');
      const code = creditCode();
      const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
      for (const [value, hint] of [
        [wrong, '校验位'],
        [code.slice(0, 17), '18'],
        ['91330106MA2AXXXXXI', '不允许'],
      ] as const) {
        const res = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '某某公司', creditCode: value });
        expect(res.status).toBe(400);
        expect(res.body.error.fields[0].path).toBe('creditCode');
        expect(res.body.error.fields[0].message).toContain(hint);
      }
      expect(await countRows(t, 'customer')).toBe(before);
    });

    it('validates resident IDs (check digit, birth date), accepts lowercase x, and masks them', async () => {
      let valid = idNumber('19900101');
      while (!valid.endsWith('X')) valid = idNumber(`1990010${1 + Math.floor(Math.random() * 9)}`);
      const c = await buildCustomer(m1, { kind: 'individual', name: '王小明', idNumber: valid.toLowerCase(), licenceNo: undefined, businessFormat: undefined });
      expect(c.idNumber).toMatch(/^330106\*{8}\d{3}X$/);
      expect(c.masked).toContain('idNumber');
      const badCheck = valid.slice(0, 17) + '0';
      const r1 = await m1.post('/api/v1/customers', { kind: 'individual', name: '王小明', idNumber: badCheck });
      expect(r1.body.error.fields).toEqual([{ path: 'idNumber', message: expect.stringContaining('校验位') }]);
      const r2 = await m1.post('/api/v1/customers', { kind: 'individual', name: '王小明', idNumber: '330106202302301234' });
      expect(r2.body.error.fields[0].message).toContain('出生日期');
      const r3 = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '某公司', idNumber: valid });
      expect(r3.body.error.fields[0].path).toBe('idNumber');
    });

    it('outlets need a licence number; phones must be mainland mobile or landline; regions and options must exist', async () => {
      const r = await m1.post('/api/v1/customers', { kind: 'outlet', name: '无证小店' });
      expect(r.status).toBe(400);
      expect(r.body.error.fields.map((f: any) => f.path)).toContain('licenceNo');
      const bad = await m1.post('/api/v1/customers', {
        kind: 'outlet',
        name: '坏数据小店',
        licenceNo: 'X1',
        phone: '12345',
        regionCode: '339999',
        businessFormat: 'casino',
      });
      expect(bad.body.error.fields.map((f: any) => f.path).sort()).toEqual(['businessFormat', 'phone', 'regionCode']);
      const ok = await buildCustomer(m1, { phone: '０５７１－８７６５　４３２１', regionCode: '330106' });
      expect(ok.phone).toBe('0571-****4321');
      expect(ok.regionName).toBe('浙江省杭州市西湖区');
    });

    it('SQL and HTML in text fields are stored as text', async () => {
      const evil = `<script>alert('x')</script>'); DROP TABLE customer; --`;
      const c = await buildCustomer(m1, { name: evil, remark: evil });
      expect(c.name).toBe(evil);
      expect((await m1.get(`/api/v1/customers/${c.id}`)).body.remark).toBe(evil);
      const res = await m1.get(`/api/v1/customers?q=${encodeURIComponent("' OR 1=1 --")}`);
      expect(res.status).toBe(200);
      expect(res.body.count).toBe(0);
    });
  });

  describe('duplicate check', () => {
    it("a colleague's credit code is a hard 409 that says where, without details out of scope", async () => {
      const code = creditCode();
      const own = await buildCustomer(m3, { kind: 'enterprise', name: '滨江某某网络有限公司', creditCode: code, licenceNo: undefined });
      const res = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '另一个名字', creditCode: code.toLowerCase() });
      expect(res.status).toBe(409);
      expect(res.body.error.code).toBe('duplicate_customer');
      expect(res.body.error.detail.matches).toEqual([{ reason: 'creditCode', location: 'colleague' }]);
      expect(JSON.stringify(res.body)).not.toContain(own.id);
      expect(res.body.error.fields[0].message).toContain('其他客户经理');
      // A leader over both sees which customer it is.
      const lr = await leader1.post('/api/v1/customers', { kind: 'enterprise', name: '另一个名字', creditCode: code });
      expect(lr.body.error.detail.matches[0]).toMatchObject({ customerId: own.id, name: '滨江某某网络有限公司' });
      const mine = await m3.post('/api/v1/customers', { kind: 'enterprise', name: 'x', creditCode: code });
      expect(mine.body.error.detail.matches[0]).toMatchObject({ location: 'mine', customerId: own.id });
    });

    it('the same name after normalisation, or the same phone, is a warning the user can override', async () => {
      await buildCustomer(m2, { kind: 'enterprise', name: '杭州 娃哈哈（集团）有限公司', licenceNo: undefined, phone: '13900001111' });
      const warn = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '杭州娃哈哈集团有限责任公司' });
      expect(warn.status).toBe(409);
      expect(warn.body.error.code).toBe('possible_duplicate');
      expect(warn.body.error.detail.matches[0]).toMatchObject({ reason: 'name', location: 'colleague' });
      const phone = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '完全不同的名字', phone: '139 0000 1111' });
      expect(phone.body.error.detail.matches[0].reason).toBe('phone');
      const go = await m1.post('/api/v1/customers', { kind: 'enterprise', name: '杭州娃哈哈集团有限责任公司', confirmDuplicates: true });
      expect(go.status).toBe(201);
    });
  });

  describe('scope', () => {
    it("a manager never sees another's customer: 404 on read and edit, absent from lists and searches", async () => {
      const c = await buildCustomer(m3, { name: '鄞州专属客户小店' });
      expect((await m1.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
      expect((await m1.patch(`/api/v1/customers/${c.id}`, { version: 1, remark: 'x' })).status).toBe(404);
      expect((await m1.get(`/api/v1/customers/${c.id}/history`)).status).toBe(404);
      expect((await m1.get(`/api/v1/customers/${c.id}/contacts`)).status).toBe(404);
      expect((await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' })).status).toBe(404);
      const list = await m1.get('/api/v1/customers?perPage=200');
      expect(list.body.data.length).toBeGreaterThan(0);
      expect(new Set(list.body.data.map((x: any) => x.ownerId))).toEqual(new Set([list.body.data[0].ownerId]));
      expect(list.body.data.map((x: any) => x.id)).not.toContain(c.id);
      expect((await m1.get(`/api/v1/customers?q=${encodeURIComponent('鄞州专属')}`)).body.count).toBe(0);
      expect((await m1.get('/api/v1/customers?q=yzzs')).body.count).toBe(0);
      // Leader of the subtree and the auditor see it; the other city's leader does not.
      expect((await leader1.get(`/api/v1/customers/${c.id}`)).status).toBe(200);
      expect((await auditor.get(`/api/v1/customers/${c.id}`)).status).toBe(200);
      expect((await leader2.get(`/api/v1/customers/${c.id}`)).status).toBe(404);
      expect((await m5.get(`/api/v1/customers?q=yzzs`)).body.count).toBe(0);
      // Admin has no customer data by default.
      expect((await admin.get('/api/v1/customers')).status).toBe(403);
    });

    it('finds by pinyin initials, full pinyin, phone and contact name', async () => {
      const c = await buildCustomer(m1, { kind: 'enterprise', name: '招商银行杭州分行', licenceNo: undefined, phone: '13712345678' });
      await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '欧阳娜娜', mobile: '13600001234' });
      for (const q of ['zsyh', 'zhaoshang', '招商', '12345678', '欧阳娜娜', '13600001234']) {
        const res = await m1.get(`/api/v1/customers?q=${encodeURIComponent(q)}`);
        expect(res.body.data.map((x: any) => x.id), q).toContain(c.id);
      }
    });

    it('filters and sorts by pinyin order', async () => {
      await buildCustomer(m2, { name: '阿里小店', businessFormat: 'grocery' });
      await buildCustomer(m2, { name: '张家小店', businessFormat: 'grocery', isKey: true });
      await buildCustomer(m2, { name: '北门小店', businessFormat: 'grocery' });
      const res = await m2.get('/api/v1/customers?businessFormat=grocery&sort=name');
      expect(res.body.data.map((x: any) => x.name)).toEqual(['阿里小店', '北门小店', '张家小店']);
      expect((await m2.get('/api/v1/customers?businessFormat=grocery&isKey=true')).body.data.map((x: any) => x.name)).toEqual(['张家小店']);
      expect((await m2.get('/api/v1/customers?regionCode=3301&kind=outlet')).body.count).toBeGreaterThan(2);
      const bad = await m2.get('/api/v1/customers?stage=sleeping');
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('stage.0');
    });
  });

  describe('editing, history, masking and reveal', () => {
    it('a stale version gets 409; history keeps field, old, new, who and when, with masked phones', async () => {
      const c = await buildCustomer(m1, { phone: '13811112222' });
      const r1 = await m1.patch(`/api/v1/customers/${c.id}`, { version: 1, phone: '13833334444', needs: '需要电子结算' });
      expect(r1.status).toBe(200);
      const stale = await m1.patch(`/api/v1/customers/${c.id}`, { version: 1, needs: '旧的修改' });
      expect(stale.status).toBe(409);
      expect((await m1.get(`/api/v1/customers/${c.id}`)).body.needs).toBe('需要电子结算');
      const history = await m1.get(`/api/v1/customers/${c.id}/history`);
      const update = history.body.data.find((e: any) => e.kind === 'updated');
      expect(update.changes.phone).toEqual({ old: '138****2222', new: '138****4444' });
      expect(update.changes.needs).toEqual({ old: null, new: '需要电子结算' });
      expect(update.actorName).toBe('张伟');
      expect(history.body.data.at(-1).kind).toBe('created');
    });

    it('a recorded credit code changes only through approval', async () => {
      const c = await buildCustomer(m1, { kind: 'enterprise', name: '某审批测试有限公司', creditCode: creditCode(), licenceNo: undefined });
      const res = await m1.patch(`/api/v1/customers/${c.id}`, { version: 1, creditCode: creditCode() });
      expect(res.status).toBe(400);
      expect(res.body.error.fields[0]).toMatchObject({ path: 'creditCode', message: expect.stringContaining('审批') });
    });

    it('reveal shows one value, is audited and on the timeline; out of scope is 404, no permission 403', async () => {
      const c = await buildCustomer(m1, { phone: '13955556666', address: '西湖区文三路 100 号 3 幢 501' });
      expect(c.phone).toBe('139****6666');
      expect(c.address).not.toContain('501');
      const res = await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' });
      expect(res.body).toEqual({ field: 'phone', value: '13955556666' });
      const audit = await auditor.get(`/api/v1/audit-log?action=reveal&entityId=${c.id}`);
      expect(audit.body.data[0]).toMatchObject({ actorName: '张伟', detail: { field: 'phone' } });
      expect((await m2.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' })).status).toBe(404);
      expect((await auditor.post(`/api/v1/customers/${c.id}/reveal`, { field: 'phone' })).status).toBe(403);
      expect((await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'password' })).status).toBe(400);
      // The list masks too.
      const list = await m1.get(`/api/v1/customers?q=13955556666`);
      expect(JSON.stringify(list.body)).not.toContain('13955556666');
    });

    it('stage moves forward freely; backwards or to lost needs a reason; nonsense transitions are refused', async () => {
      const c = await buildCustomer(m1);
      const won = await m1.post(`/api/v1/customers/${c.id}/stage`, { version: 1, stage: 'won' });
      expect(won.body.stage).toBe('won');
      const noReason = await m1.post(`/api/v1/customers/${c.id}/stage`, { version: 2, stage: 'lost' });
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.fields[0].path).toBe('reason');
      const bad = await m1.post(`/api/v1/customers/${c.id}/stage`, { version: 2, stage: 'prospect', reason: 'x' });
      expect(bad.body.error.fields[0].path).toBe('stage');
      const lost = await m1.post(`/api/v1/customers/${c.id}/stage`, { version: 2, stage: 'lost', reason: '店铺转让' });
      expect(lost.body.stage).toBe('lost');
      const ev = (await m1.get(`/api/v1/customers/${c.id}/history?kind=stage`)).body.data;
      expect(ev[0]).toMatchObject({ changes: { stage: { old: 'won', new: 'lost' } }, reason: '店铺转让', actorName: '张伟' });
    });
  });

  describe('contacts', () => {
    it('keeps a lunar birthday and computes its next solar date', async () => {
      const c = await buildCustomer(m1);
      // Today is 2026-11-23; 八月十五 next falls on 2027-09-15.
      const res = await m1.post(`/api/v1/customers/${c.id}/contacts`, {
        name: '李老板',
        role: 'decisionMaker',
        mobile: '13700001111',
        birthdayCalendar: 'lunar',
        birthMonth: 8,
        birthDay: 15,
        isPrimary: true,
      });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ nextBirthday: '2027-09-15', mobile: '137****1111', isPrimary: true });
      const solar = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '王会计', birthMonth: 12, birthDay: 1 });
      expect(solar.body.nextBirthday).toBe('2026-12-01');
      const bad = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '错日期', birthdayCalendar: 'solar', birthMonth: 2, birthDay: 30 });
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields[0].path).toBe('birthDay');
      const badPhone = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '错号码', mobile: '1380013' });
      expect(badPhone.body.error.fields[0].path).toBe('mobile');
      const badRole = await m1.post(`/api/v1/customers/${c.id}/contacts`, { name: '错角色', role: 'emperor' });
      expect(badRole.body.error.fields[0].path).toBe('role');
      const list = (await m1.get(`/api/v1/customers/${c.id}/contacts`)).body.data;
      expect(list.map((x: any) => x.name)).toEqual(['李老板', '王会计']);
      const upd = await m1.patch(`/api/v1/customers/${c.id}/contacts/${res.body.id}`, { version: 1, position: '店主' });
      expect(upd.body.position).toBe('店主');
      expect((await m1.patch(`/api/v1/customers/${c.id}/contacts/${res.body.id}`, { version: 1, position: 'x' })).status).toBe(409);
      const reveal = await m1.post(`/api/v1/customers/${c.id}/reveal`, { field: 'contact.mobile', contactId: res.body.id });
      expect(reveal.body.value).toBe('13700001111');
      expect((await m2.post(`/api/v1/customers/${c.id}/contacts`, { name: '越权' })).status).toBe(404);
      expect((await m1.del(`/api/v1/customers/${c.id}/contacts/${solar.body.id}?version=1`)).status).toBe(200);
    });
  });
});
