import { sql } from 'kysely';
import pg from 'pg';
import { completeCreditCode, normalizeCompanyName, personPinyinKeys, pinyinKeys } from '@liaison/shared';
import type { DbHandle } from '../db/database.js';
import { newId, toIso } from '../db/dialect.js';
import { days } from '../clock.js';
import { districtCodes } from '../modules/regions/region.js';
import { hashPassword } from '../modules/auth/password.js';
import { newUserRow } from '../modules/users/user.row.js';
import { refreshCompliance } from '../modules/visits/compliance.js';
import { bodyOf } from '../db/migrations/0012_search_index.js';

/**
 * A generated province for measuring at scale (docs/decisions/072-scale-generator.md):
 * 省公司 → cities → districts → teams, K managers each holding 100–300 customers (the rest in
 * the cities' pools or unassigned prospects), contacts, a year of visits that follows the
 * frequency rules unevenly (diligent and lax managers, key customers seen more, a few left
 * behind), three months of business figures. Deterministic for a given size.
 *
 * Bulk paths (decision 075): prepared inserts with the journal off on SQLite, one COPY a table
 * on its own connection on PostgreSQL; the bulk tables' secondary indexes and the search-line
 * triggers are set aside during the load and built once after it, and the schema is checked to
 * end exactly as the migrations made it.
 */
export type ScaleOptions = { customers: number; visits: number; managers?: number; at: Date; password?: string };
export type Progress = (phase: string, done: number, total: number) => void;

const rng = (seed: number) => () => {
  seed = (seed * 1664525 + 1013904223) % 4294967296;
  return seed / 4294967296;
};

const surnames = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'.split('');
const given = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国红梅玉萍海燕鹏飞辉斌波宁琳晨欣怡子涵宇轩浩然思远晓东雪峰春生秋月志强文博佳怡嘉豪梓萱'.split('');
const shopWords = ['惠民', '便民', '好又多', '万家', '福源', '兴隆', '鑫鑫', '佳佳', '顺发', '百姓', '旺旺', '金穗', '阳光', '东升', '和顺', '利民', '永盛', '家乐', '如意', '新华', '平安', '大众', '康乐', '友谊', '长青', '红星', '聚福', '天天', '好运', '万通'];
const bizWords = ['华信', '远洋', '恒达', '天成', '鼎盛', '瑞丰', '中源', '海纳', '博远', '新锐', '同创', '凯旋', '金桥', '宏图', '众合', '诚信', '宏达', '永泰', '盛世', '汇通'];
const bizKinds = ['科技', '贸易', '建设', '电子', '食品', '纺织', '机械', '物流', '医药', '文化传媒'];
const formats = [
  { value: 'grocery', share: 138, suffix: ['食杂店', '小卖部', '副食店', '商店'] },
  { value: 'convenience', share: 11, suffix: ['便利店', '24小时便利店'] },
  { value: 'entertainment', share: 5, suffix: ['KTV', '棋牌室', '台球室'] },
  { value: 'supermarket', share: 2, suffix: ['超市', '生活超市'] },
  { value: 'other', share: 6, suffix: ['茶行', '酒店', '书报亭'] },
];
// Zhejiang's eleven cities.
const cities = [
  ['3301', '杭州'], ['3302', '宁波'], ['3303', '温州'], ['3304', '嘉兴'], ['3305', '湖州'], ['3306', '绍兴'],
  ['3307', '金华'], ['3308', '衢州'], ['3309', '舟山'], ['3310', '台州'], ['3311', '丽水'],
] as const;
type PinyinKeys = ReturnType<typeof pinyinKeys>;
// Pinyin is the generator's dearest work (~0.5 ms a name); names repeat a small vocabulary, so
// keys are computed once a base name. Digits after a name are kept as they are by pinyinKeys
// (brackets dropped), so a numbered name's keys are its base's plus the digits; the generator's
// test compares stored keys with pinyinKeys/pinyinSortKey of the name.
const pinyinMemo = new Map<string, PinyinKeys>();
const pinyinOf = (name: string, person: boolean): PinyinKeys => {
  const key = (person ? 'p:' : 'c:') + name;
  let k = pinyinMemo.get(key);
  if (!k) pinyinMemo.set(key, (k = person ? personPinyinKeys(name) : pinyinKeys(name)));
  return k;
};
const withDigits = (k: PinyinKeys, digits: string): PinyinKeys => (digits ? { ...k, full: k.full + digits, initials: k.initials + digits } : k);
const gradeWeight: Record<string, number> = { A: 4, B: 2, C: 1, D: 0.4 };

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const cell = (v: unknown) => (v === null || v === undefined ? '\\N' : String(v).replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')));

/** The tables the generator fills in bulk: their secondary indexes and search triggers are set aside during the load (decision 075). */
const BULK_TABLES = ['customer', 'customer_tag', 'contact', 'business_figure', 'visit', 'visit_contact', 'customer_search'];

/** One long COPY per table on its own connection, so the server parses several tables while we generate. */
class CopyStream {
  private pending: string[] = [];
  private size = 0;
  private stream: any;
  private done!: Promise<void>;
  private failed: Error | null = null;
  private keys: string[] = [];
  constructor(
    private client: pg.Client,
    private table: string,
    private copyFrom: (text: string) => any,
  ) {}
  private start(keys: string[]) {
    const { table, copyFrom } = this;
    this.keys = keys;
    this.stream = this.client.query(copyFrom(`COPY ${snake(table)} (${this.keys.map(snake).join(', ')}) FROM STDIN`));
    this.done = new Promise<void>((resolve, reject) => {
      this.stream.on('finish', resolve);
      this.stream.on('error', (e: Error) => {
        this.failed = e;
        reject(e);
      });
    });
    this.done.catch(() => {});
  }
  async add(row: Record<string, unknown>) {
    if (this.failed) throw this.failed;
    if (!this.stream) this.start(Object.keys(row));
    const line = this.keys.map((k) => cell(row[k])).join('\t') + '\n';
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= 1 << 20) await this.push();
  }
  private async push() {
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    if (!this.stream.write(text)) await new Promise((res) => this.stream.once('drain', res));
  }
  async end() {
    if (!this.stream) return;
    this.stream.end(this.pending.join(''));
    this.pending = [];
    await this.done;
  }
}

/**
 * Writes rows in bulk. SQLite: prepared inserts in transactions of 20,000 rows a table.
 * PostgreSQL: COPY — in the fast path (`streams`) one COPY a table on its own connection with
 * triggers and foreign-key checks off for that session; otherwise buffered COPYs on one
 * connection, flushed together in the order the tables were first written, so references land first.
 */
class BulkWriter {
  private buffers = new Map<string, Record<string, unknown>[]>();
  private streams = new Map<string, CopyStream>();
  private streamClients: pg.Client[] = [];
  private statements = new Map<string, { run: (...v: unknown[]) => unknown; keys: string[] }>();
  written = 0;
  constructor(
    private handle: DbHandle,
    private client: pg.Client | null,
    private copyFrom: ((text: string) => any) | null,
    private databaseUrl?: string,
  ) {}
  /** PostgreSQL: from now on, the given tables are written through one COPY each (ended by `endStreams`). */
  async openStreams(tables: string[]) {
    for (const table of tables) {
      const c = new pg.Client({ connectionString: this.databaseUrl });
      await c.connect();
      this.streamClients.push(c);
      await c.query(`set session_replication_role = replica`);
      this.streams.set(table, new CopyStream(c, table, this.copyFrom!));
    }
  }
  async endStreams() {
    try {
      for (const s of this.streams.values()) await s.end();
    } finally {
      this.streams.clear();
      for (const c of this.streamClients.splice(0)) await c.end().catch(() => {});
    }
  }
  async add(table: string, row: Record<string, unknown>) {
    const stream = this.streams.get(table);
    if (stream) {
      this.written++;
      return stream.add(row);
    }
    let buf = this.buffers.get(table);
    if (!buf) this.buffers.set(table, (buf = []));
    buf.push(row);
    // All tables at once, in the order they were first added, so references land first.
    if (buf.length >= 20_000) await this.flush();
  }
  async flush(table?: string) {
    for (const t of table ? [table] : [...this.buffers.keys()]) {
      const rows = this.buffers.get(t);
      if (!rows?.length) continue;
      this.buffers.set(t, []);
      if (this.client && this.copyFrom) await this.copy(t, rows);
      else this.insert(t, rows);
      this.written += rows.length;
    }
  }
  private insert(table: string, rows: Record<string, unknown>[]) {
    const raw = this.handle.sqlite!;
    let st = this.statements.get(table);
    if (!st) {
      const keys = Object.keys(rows[0]!);
      const stmt = raw.prepare(`insert into ${snake(table)} (${keys.map(snake).join(', ')}) values (${keys.map(() => '?').join(', ')})`);
      this.statements.set(table, (st = { run: (...v: unknown[]) => stmt.run(...v), keys }));
    }
    const { run, keys } = st;
    raw.transaction(() => {
      for (const r of rows) run(...keys.map((k) => r[k] ?? null));
    })();
  }
  private async copy(table: string, rows: Record<string, unknown>[]) {
    const keys = Object.keys(rows[0]!);
    const stream = this.client!.query(this.copyFrom!(`COPY ${snake(table)} (${keys.map(snake).join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('finish', resolve);
      stream.on('error', reject);
    });
    const chunk: string[] = [];
    for (const r of rows) {
      chunk.push(keys.map((k) => cell(r[k])).join('\t') + '\n');
      if (chunk.length === 2000) {
        if (!stream.write(chunk.join(''))) await new Promise((res) => stream.once('drain', res));
        chunk.length = 0;
      }
    }
    stream.end(chunk.join(''));
    await done;
  }
}

/**
 * What the bulk load sets aside and puts back (decision 075): the secondary indexes of the bulk
 * tables (built once after the load instead of row by row) and, on SQLite, the search-line
 * triggers on customer and contact (the lines are built in one INSERT … SELECT at the end). On
 * PostgreSQL the COPY sessions run with `session_replication_role = replica`, which skips triggers
 * and foreign-key checks for them only, so no trigger is touched. `schema()` is compared before and
 * after: the generator fails loudly if the schema does not end exactly as the migrations made it.
 */
type SetAside = { name: string; table: string; sql: string };
const schemaOf = async (handle: DbHandle): Promise<string> => {
  if (handle.kind === 'sqlite')
    return handle.sqlite!.prepare(`select type, name, tbl_name, sql from sqlite_master order by type, name`).all().map((r: any) => `${r.type} ${r.name} ${r.tbl_name}: ${r.sql}`).join('\n');
  const rows = await sql<{ line: string }>`
    select 'index ' || indexname || ' ' || tablename || ': ' || indexdef as line from pg_indexes where schemaname = current_schema()
    union all
    select 'trigger ' || tgname || ' ' || tgrelid::regclass::text || ': ' || tgenabled::text || ' ' || pg_get_triggerdef(oid) from pg_trigger where not tgisinternal
    union all
    select 'constraint ' || conname || ' ' || conrelid::regclass::text || ': ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = current_schema()::regnamespace
    order by 1`.execute(handle.db);
  return rows.rows.map((r) => r.line).join('\n');
};
const secondaryIndexes = async (handle: DbHandle): Promise<SetAside[]> => {
  if (handle.kind === 'sqlite')
    return handle.sqlite!
      .prepare(`select name, tbl_name as "table", sql from sqlite_master where type = 'index' and sql is not null and tbl_name in (${BULK_TABLES.map(() => '?').join(', ')}) order by name`)
      .all(...BULK_TABLES) as SetAside[];
  const rows = await sql<SetAside>`
    select c.relname as name, t.relname as "table", pg_get_indexdef(i.indexrelid) as sql
    from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
    where t.relnamespace = current_schema()::regnamespace and t.relname in (${sql.join(BULK_TABLES)})
      and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)
    order by c.relname`.execute(handle.db);
  return rows.rows;
};
const searchTriggers = (handle: DbHandle): SetAside[] =>
  handle.kind === 'sqlite'
    ? (handle.sqlite!.prepare(`select name, tbl_name as "table", sql from sqlite_master where type = 'trigger' and tbl_name in ('customer', 'contact') and name like 'customer\\_search\\_%' escape '\\' order by name`).all() as SetAside[])
    : [];

export type ScaleResult = { managers: number; customers: number; contacts: number; visits: number; figures: number; rows: number; seconds: number };

/** Fills an empty organisation (bootstrap run, no customers) with a generated province. */
export const generateScale = async (handle: DbHandle, opts: ScaleOptions & { databaseUrl?: string }, progress: Progress = () => {}): Promise<ScaleResult> => {
  const t0 = Date.now();
  const { db } = handle;
  if (await db.selectFrom('customer').select('id').limit(1).executeTakeFirst()) throw new Error('the database already holds customers; generate into an empty one');
  const rand = rng(20261202);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const person = () => pick(surnames) + pick(given) + (rand() < 0.6 ? pick(given) : '');
  const at = opts.at;
  const now = toIso(at);
  const N = opts.customers;
  const K = Math.max(1, opts.managers ?? Math.max(1, Math.round((N * 0.85) / 200)));

  const schemaBefore = await schemaOf(handle);
  let client: pg.Client | null = null;
  let copyFrom: ((text: string) => any) | null = null;
  if (handle.kind === 'postgres') {
    if (!opts.databaseUrl) throw new Error('databaseUrl is needed for COPY');
    client = new pg.Client({ connectionString: opts.databaseUrl });
    await client.connect();
    copyFrom = (await import('pg-copy-streams')).from;
  }
  const w = new BulkWriter(handle, client, copyFrom, opts.databaseUrl);
  // Set aside during the load, put back after it (decision 075).
  let indexes: SetAside[] = [];
  let triggers: SetAside[] = [];
  const pragmas: [string, unknown][] = [];
  const exec = async (text: string) => {
    if (handle.kind === 'sqlite') handle.sqlite!.exec(text);
    else await client!.query(text);
  };
  const putBack = async (tables?: string[]) => {
    for (const i of indexes.filter((x) => !tables || tables.includes(x.table))) {
      await exec(i.sql);
      indexes = indexes.filter((x) => x !== i);
    }
    if (!tables) for (const tr of triggers.splice(0)) await exec(tr.sql);
  };
  try {
    // The org tree: teams of ~8 managers, 3 teams a district, districts spread over the cities.
    const root = await db.selectFrom('orgUnit').selectAll().where('parentId', 'is', null).executeTakeFirstOrThrow();
    const roles = new Map((await db.selectFrom('role').select(['id', 'code']).execute()).map((r) => [r.code, r.id]));
    const passwordHash = await hashPassword(opts.password ?? 'liaison-scale');
    const units: any[] = [];
    const unit = (parent: { id: string; path: string; depth: number }, name: string, code: string, kind: string, i: number) => {
      const id = newId();
      const row = { id, parentId: parent.id, name, code, kind, path: `${parent.path}${id}/`, depth: parent.depth + 1, sortOrder: i, version: 1, createdAt: now, updatedAt: now };
      units.push(row);
      return row;
    };
    const teamsWanted = Math.ceil(K / 8);
    const districtsWanted = Math.ceil(teamsWanted / 3);
    const cityCount = Math.min(cities.length, districtsWanted);
    const cityUnits = cities.slice(0, cityCount).map(([code, name], i) => ({ ...unit(root, `${name}市分公司`, `G${code}`, 'city', 100 + i), regionCity: code }));
    const teams: { id: string; path: string; depth: number; city: (typeof cityUnits)[number]; region: string }[] = [];
    for (let d = 0; d < districtsWanted; d++) {
      const city = cityUnits[d % cityCount]!;
      const regions = districtCodes(city.regionCity);
      const region = regions[Math.floor(d / cityCount) % regions.length] ?? `${city.regionCity}02`;
      const district = unit(city, `${city.name.replace('市分公司', '')}${region}区域`, `G${city.regionCity}-D${d}`, 'district', d);
      for (let t = 0; t < 3 && teams.length < teamsWanted; t++) teams.push({ ...unit(district, `${district.name}第${t + 1}营销部`, `G${city.regionCity}-D${d}-T${t}`, 'team', t), city, region });
    }
    const users: any[] = [];
    const userRoles: any[] = [];
    const managers: { id: string; orgUnitId: string; team: (typeof teams)[number]; diligence: number }[] = [];
    const addUser = (username: string, displayName: string, orgUnitId: string, role: string, grade?: 'junior' | 'middle' | 'senior') => {
      const row = newUserRow({ username, displayName, passwordHash, orgUnitId, grade, mustChangePassword: false }, now);
      users.push(row);
      userRoles.push({ userId: row.id, roleId: roles.get(role)! });
      return row;
    };
    for (const [i, c] of cityUnits.entries()) addUser(`gleader${i + 1}`, `${c.name.slice(0, 2)}${person()}`, c.id, 'leader');
    for (let i = 0; i < K; i++) {
      const team = teams[Math.floor(i / 8) % teams.length]!;
      const u = addUser(`gmanager${i + 1}`, person(), team.id, 'manager', pick(['junior', 'middle', 'senior'] as const));
      // Some managers keep to the rules, some do not.
      managers.push({ id: u.id, orgUnitId: team.id, team, diligence: 0.4 + rand() * 1.2 });
    }
    const pools = cityUnits.map((c) => ({ id: newId(), orgUnitId: c.id, name: `${c.name}公海`, isDefault: 1, maxHeld: 300, maxClaimsPerDay: 10, reclaimCooldownDays: 30, version: 1, createdAt: now, updatedAt: now }));
    for (const u of units) await w.add('orgUnit', u);
    await w.flush('orgUnit');
    for (const u of users) await w.add('appUser', u);
    await w.flush('appUser');
    for (const r of userRoles) await w.add('userRole', r);
    for (const p of pools) await w.add('pool', p);
    await w.flush();

    // Bulk mode: secondary indexes of the bulk tables (and SQLite's search-line triggers) go aside.
    let fast = true;
    if (handle.kind === 'sqlite') {
      const raw = handle.sqlite!;
      for (const p of ['journal_mode', 'synchronous', 'foreign_keys', 'cache_size']) pragmas.push([p, raw.pragma(p, { simple: true })]);
      // Nothing to protect while an empty database fills: a crash means generating again.
      raw.pragma('journal_mode = OFF');
      raw.pragma('synchronous = OFF');
      raw.pragma('foreign_keys = OFF');
      raw.pragma('cache_size = -262144');
      triggers = searchTriggers(handle);
      for (const tr of triggers) raw.exec(`drop trigger ${tr.name}`);
    } else {
      await client!.query(`set maintenance_work_mem = '512MB'`);
      try {
        await w.openStreams(['customer', 'customerTag', 'contact', 'businessFigure', 'visit', 'visitContact']);
      } catch (e) {
        // Not a superuser: buffered COPY with triggers and indexes in place, as any writer.
        await w.endStreams();
        fast = false;
        progress(`slow path (${(e as Error).message})`, 0, 1);
      }
    }
    if (fast) {
      indexes = await secondaryIndexes(handle);
      for (const i of indexes) await exec(`drop index ${i.name}`);
    }

    // Who holds how many: 100–300 each while customers last; ~10 % of the rest in pools.
    const holdings = managers.map(() => 100 + Math.floor(rand() * 201));
    let owned = holdings.reduce((a, b) => a + b, 0);
    const cap = Math.floor(N * 0.9);
    if (owned > cap) {
      const f = cap / owned;
      for (let i = 0; i < holdings.length; i++) holdings[i] = Math.max(1, Math.floor(holdings[i]! * f));
      owned = holdings.reduce((a, b) => a + b, 0);
    }
    const formatBag = formats.flatMap((f) => Array<(typeof formats)[number]>(f.share).fill(f));
    const grades = ['A', 'B', 'B', 'C', 'C', 'C', 'D', 'D'];
    const stages = ['maintained', 'maintained', 'maintained', 'maintained', 'won', 'target', 'prospect', 'dormant'];
    // Visits are spread by weight (grade × the manager's diligence), so the total lands near M.
    const visitPlan: { id: string; ownerId: string; orgUnitId: string; weight: number; contactId: string; behind: boolean }[] = [];
    let contacts = 0;
    let figures = 0;
    let mi = 0;
    let left = holdings[0] ?? 0;
    const districtsByCity = new Map(cityUnits.map((c) => [c.regionCity, districtCodes(c.regionCity)]));
    for (let i = 0; i < N; i++) {
      while (mi < managers.length && left === 0) left = holdings[++mi] ?? 0;
      const manager = mi < managers.length ? managers[mi]! : null;
      if (manager) left--;
      const city = manager?.team.city ?? cityUnits[i % cityCount]!;
      const inPool = !manager && rand() < 0.5;
      const region = manager ? (rand() < 0.8 ? manager.team.region : pick(districtsByCity.get(city.regionCity)!)) : pick(districtsByCity.get(city.regionCity)!);
      const r = rand();
      const kind = r < 0.82 ? 'outlet' : r < 0.94 ? 'enterprise' : 'individual';
      let name: string;
      let keys: PinyinKeys;
      let format: string | null = null;
      if (kind === 'outlet') {
        const f = pick(formatBag);
        format = f.value;
        const base = (rand() < 0.5 ? pick(shopWords) : person()) + pick(f.suffix);
        const numbered = rand() < 0.5;
        name = base + (numbered ? `（${i}）` : '');
        keys = withDigits(pinyinOf(base, false), numbered ? String(i) : '');
      } else if (kind === 'enterprise') {
        const base = `${city.name.slice(0, 2)}${pick(bizWords)}${pick(bizWords)}${pick(bizKinds)}有限公司`;
        name = `${base}${i}`;
        keys = withDigits(pinyinOf(base, false), String(i));
      } else keys = pinyinOf((name = person()), true);
      const id = newId();
      const created = new Date(at.getTime() - days(200 + Math.floor(rand() * 700)));
      const mobile = `1${pick(['3', '5', '7', '8', '9'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
      const grade = manager ? pick(grades) : null;
      const stage = manager ? pick(stages) : inPool ? 'target' : 'prospect';
      const tag = kind === 'outlet' && rand() < 0.9 ? 'onlineOrdering' : null;
      await w.add('customer', {
        id, kind, name, shortName: null, nameNorm: normalizeCompanyName(name), namePinyin: keys.full, nameInitials: keys.initials, sortKey: `${keys.full} ${name}`,
        creditCode: kind === 'enterprise' ? completeCreditCode(`91${region}${String(i).padStart(8, '0')}`) : null,
        idNumber: null,
        licenceNo: kind === 'outlet' ? `${region}${String(1_000_000 + i)}` : null,
        provinceCode: '33', cityCode: region.slice(0, 4), regionCode: region,
        address: `${pick(['文三路', '学院路', '中山路', '解放路', '人民路', '江南大道', '钱江路', '建设路'])}${1 + Math.floor(rand() * 399)}号`,
        phone: mobile, phoneNorm: mobile,
        legalPerson: kind === 'enterprise' ? person() : null,
        industry: kind === 'enterprise' ? pick(['manufacturing', 'wholesaleRetail', 'construction', 'informationTechnology']) : kind === 'outlet' ? 'wholesaleRetail' : null,
        ownership: kind === 'enterprise' ? pick(['private', 'private', 'stateOwned', 'foreign']) : kind === 'outlet' ? 'individual' : null,
        scale: kind === 'enterprise' ? pick(['small', 'micro', 'medium']) : kind === 'outlet' ? 'micro' : null,
        businessFormat: format,
        marketType: pick(['urban', 'urban', 'countyTown', 'fringe', 'township', 'rural']),
        source: pick(['newLicence', 'customerReferral', 'personalReferral', 'coldVisit', 'selfDeveloped']),
        needs: null, purchaseChannel: null, salesChannel: null, remark: null,
        tags: tag ? `["${tag}"]` : '[]',
        isKey: grade === 'A' ? 1 : 0, isLocked: 0,
        stage, stageChangedAt: toIso(created),
        grade, gradeOverride: null, gradeExplanation: null,
        ownerId: manager?.id ?? null,
        orgUnitId: manager?.orgUnitId ?? city.id,
        poolId: inPool ? pools[cityUnits.indexOf(city)]!.id : null,
        previousOwnerId: null,
        claimedAt: manager ? toIso(created) : null,
        releasedAt: inPool ? toIso(created) : null,
        lastContactAt: null, lastBusinessAt: null, reclaimWarnedAt: null,
        createdBy: manager?.id ?? null,
        version: 1, createdAt: toIso(created), updatedAt: toIso(created),
      });
      if (tag) await w.add('customerTag', { customerId: id, tag });
      const contactCount = kind === 'enterprise' ? 2 : 1;
      let primary = '';
      for (let c = 0; c < contactCount; c++) {
        const cname = c === 0 && kind === 'individual' ? name : person();
        const cm = `1${pick(['3', '5', '8'])}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
        const cid = newId();
        if (c === 0) primary = cid;
        await w.add('contact', {
          id: cid, customerId: id, name: cname, namePinyin: pinyinOf(cname, true).full, role: kind === 'outlet' ? 'owner' : 'decisionMaker',
          position: null, employer: null, mobile: cm, mobileNorm: cm, landline: null, email: null, wechat: null, address: null,
          gender: rand() < 0.5 ? 'male' : 'female', birthdayCalendar: null, birthYear: null, birthMonth: null, birthDay: null, birthLeapMonth: 0,
          nextBirthday: null, preferences: null, notes: null, isPrimary: c === 0 ? 1 : 0, version: 1, createdAt: toIso(created), updatedAt: toIso(created),
        });
        contacts++;
      }
      if (manager) {
        const managed = stage === 'maintained' || stage === 'won';
        visitPlan.push({ id, ownerId: manager.id, orgUnitId: manager.orgUnitId, weight: (gradeWeight[grade!] ?? 1) * manager.diligence * (managed ? 1 : 0.2), contactId: primary, behind: rand() < 0.06 });
        const base = kind === 'enterprise' ? 200000 : 8000 + rand() * 30000;
        for (let m = 1; m <= 3; m++) {
          const d = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - m, 1));
          await w.add('businessFigure', {
            id: newId(), customerId: id, month: `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`,
            volume: Math.round(base * (0.7 + rand() * 0.6)), profit: Math.round(base * (0.05 + rand() * 0.1)), daysLate: rand() < 0.85 ? 0 : Math.floor(rand() * 30),
            metrics: null, createdAt: now, updatedAt: now,
          });
          figures++;
        }
      }
      if (i % 1000 === 999) progress('customers', i + 1, N);
    }
    await w.flush();
    progress('customers', N, N);

    // A year of visits: on-site for about a third, calls and WeChat for the rest, working hours.
    const totalWeight = visitPlan.reduce((a, c) => a + c.weight, 0) || 1;
    const M = opts.visits;
    let visits = 0;
    const year = days(365);
    for (const [n, c] of visitPlan.entries()) {
      const expected = (M * c.weight) / totalWeight;
      let count = Math.floor(expected) + (rand() < expected - Math.floor(expected) ? 1 : 0);
      if (visits + count > M) count = Math.max(0, M - visits);
      const last = c.behind ? days(35 + Math.floor(rand() * 35)) : 0;
      for (let v = 0; v < count; v++) {
        const ago = last + Math.floor(rand() * (year - last));
        const day = new Date(at.getTime() - ago);
        day.setUTCHours(1 + Math.floor(rand() * 8), pick([0, 15, 30, 45]), 0, 0);
        const startAt = toIso(day);
        const onsite = rand() < 0.35;
        const vid = newId();
        await w.add('visit', {
          id: vid, customerId: c.id, managerId: c.ownerId, orgUnitId: c.orgUnitId, status: 'done', method: onsite ? 'onsite' : rand() < 0.85 ? 'phone' : 'wechat',
          purpose: pick(['followUp', 'followUp', 'productPromotion', 'needsResearch', 'holidayGreeting']), startAt, endAt: toIso(new Date(day.getTime() + (onsite ? 30 : 5) * 60_000)),
          learned: onsite ? '本月动销平稳' : null, needs: null, products: null, outcome: onsite ? '客户满意，无新增需求' : '电话询问本周订货需求', nextStep: null, nextDate: null, nextMethod: null, nextVisitId: null,
          note: null, reason: null, checkInLat: null, checkInLng: null, checkInAccuracy: null, checkInAt: null, checkInDistance: null, checkInFlag: null, planId: null,
          doneAt: startAt, createdBy: c.ownerId, version: 1, createdAt: startAt, updatedAt: startAt,
        });
        if (onsite) await w.add('visitContact', { visitId: vid, contactId: c.contactId });
        visits++;
        if (visits % 5000 === 0) progress('visits', visits, M);
      }
      if (n % 1000 === 0) progress('visits', visits, M);
    }
    await w.flush();
    await w.endStreams();
    progress('visits', M, M);

    // Indexes the compliance pass reads; customer's own come after it, so its updates skip them.
    progress('indexes', 0, 1);
    await putBack(['visit', 'visit_contact', 'contact', 'customer_tag', 'business_figure']);
    progress('indexes', 1, 1);
    // Last contacts and due times from the visits, set-based, then planner statistics.
    progress('compliance', 0, 1);
    await refreshCompliance(db, at, 'all', { recount: true });
    progress('compliance', 1, 1);
    progress('search', 0, 1);
    await putBack(['customer']);
    // One search line per customer in one statement: the migration's own expression (decision 070).
    if (fast) await exec(`insert into customer_search (customer_id, body) select c.id, ${bodyOf(handle.kind, 'c')} from customer c`);
    await putBack();
    progress('search', 1, 1);
    const schemaAfter = await schemaOf(handle);
    if (schemaAfter !== schemaBefore) {
      const a = new Set(schemaAfter.split('\n'));
      const b = new Set(schemaBefore.split('\n'));
      throw new Error(`the schema after the bulk load differs from the migrations': missing ${[...b].filter((x) => !a.has(x)).join('; ')}; extra ${[...a].filter((x) => !b.has(x)).join('; ')}`);
    }
    // On PostgreSQL, VACUUM also merges the GIN indexes' pending lists (rows written in bulk wait
    // there, and the planner prices a long pending list out of use).
    if (handle.kind === 'postgres') await sql`vacuum analyze`.execute(db);
    else await sql`analyze`.execute(db);
    return { managers: K, customers: N, contacts, visits, figures, rows: w.written, seconds: (Date.now() - t0) / 1000 };
  } finally {
    await w.endStreams().catch(() => {});
    // After a failure too: the schema must not stay without its indexes or triggers.
    await putBack().catch((e) => progress(`could not restore the schema: ${(e as Error).message}`, 0, 1));
    for (const [p, v] of pragmas) handle.sqlite!.pragma(`${p} = ${v}`);
    await client?.end();
  }
};
