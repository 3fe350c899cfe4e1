import type { Locale } from '@liaison/shared';
import { eventType, titleOf, type EventData } from './registry.js';

/**
 * Message texts for outside channels. Nothing leaving by email or robot may carry a customer's
 * phone or ID number: templates never include them, and `scrub` masks anything shaped like one
 * that slipped into a name or title (defence in depth; a unit test feeds it both).
 */
const MOBILE = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const ID_NUMBER = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[0-9Xx])(?![0-9A-Za-z])/g;
const LANDLINE = /(?<!\d)(0\d{2,3})-?\d{4}(\d{3,4})(?!\d)/g;
export const scrub = (s: string): string =>
  s.replace(ID_NUMBER, '$1********$2').replace(MOBILE, '$1****$2').replace(LANDLINE, '$1-****$2');

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Robot markdown: characters that would start markup in a customer's name are escaped. */
const escapeMd = (s: string) => s.replace(/([\\`*_[\]<>#])/g, '\\$1');

const brand: Record<Locale, string> = { 'zh-CN': '客户经理工作台', 'en-US': 'Liaison' };
const openLabel: Record<Locale, string> = { 'zh-CN': '打开', 'en-US': 'Open' };
const footer: Record<Locale, string> = {
  'zh-CN': '此邮件由客户经理工作台自动发送。如需调整提醒，请在“我的通知设置”中修改。',
  'en-US': 'Sent automatically by Liaison. Change your reminders under "My notification settings".',
};

export type EmailContent = { subject: string; text: string; html: string };
export type RobotContent = { title: string; markdown: string };

const absolute = (publicUrl: string, link: string | null) => (link ? `${publicUrl}${link}` : null);

export const renderEventEmail = (ev: { type: string; entity: { type: string; id: string }; data: EventData }, locale: Locale, publicUrl: string): EmailContent => {
  const def = eventType(ev.type);
  const title = scrub(titleOf(ev.type, ev.data, locale));
  const body = def?.body ? scrub(def.body(ev.data, locale) ?? '') : '';
  const url = absolute(publicUrl, def?.link(ev.entity, ev.data) ?? null);
  const lines = [title];
  if (body) lines.push(body);
  if (url) lines.push(`${openLabel[locale]}：${url}`);
  lines.push('', footer[locale]);
  const text = lines.join('\n');
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;font-size:14px;color:#1f2329">
<p style="font-size:16px;font-weight:600">${escapeHtml(title)}</p>${body ? `<p>${escapeHtml(body)}</p>` : ''}
${url ? `<p><a href="${escapeHtml(url)}">${openLabel[locale]}</a></p>` : ''}<p style="color:#8a919f;font-size:12px">${escapeHtml(footer[locale])}</p></body></html>`;
  return { subject: `【${brand[locale]}】${title}`, text, html };
};

export type DigestSectionOut = { title: string; lines: { text: string; link: string | null }[]; more: number };

const digestSubject: Record<Locale, (date: string) => string> = {
  'zh-CN': (d) => `【${brand['zh-CN']}】晨间摘要 · ${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`,
  'en-US': (d) => `[Liaison] Morning digest · ${d}`,
};
const greeting: Record<Locale, (name: string) => string> = {
  'zh-CN': (n) => `${n}，早上好！今天需要留意：`,
  'en-US': (n) => `Good morning, ${n}. Today needs your attention:`,
};
const moreLabel: Record<Locale, (n: number) => string> = { 'zh-CN': (n) => `……另有 ${n} 项`, 'en-US': (n) => `… and ${n} more` };

export const renderDigestEmail = (name: string, date: string, sections: DigestSectionOut[], locale: Locale, publicUrl: string): EmailContent => {
  const textParts = [greeting[locale](name), ''];
  const htmlParts = [`<p>${escapeHtml(greeting[locale](name))}</p>`];
  for (const s of sections) {
    textParts.push(`■ ${s.title}`);
    htmlParts.push(`<h3 style="font-size:15px;margin:16px 0 6px">${escapeHtml(s.title)}</h3><ul>`);
    for (const l of s.lines) {
      const url = absolute(publicUrl, l.link);
      textParts.push(`  · ${scrub(l.text)}${url ? `  ${url}` : ''}`);
      htmlParts.push(`<li>${url ? `<a href="${escapeHtml(url)}">${escapeHtml(scrub(l.text))}</a>` : escapeHtml(scrub(l.text))}</li>`);
    }
    if (s.more) {
      textParts.push(`  ${moreLabel[locale](s.more)}`);
      htmlParts.push(`<li style="color:#8a919f">${escapeHtml(moreLabel[locale](s.more))}</li>`);
    }
    htmlParts.push('</ul>');
    textParts.push('');
  }
  textParts.push(`${openLabel[locale]}：${publicUrl}/notifications`, '', footer[locale]);
  const html = `<!doctype html><html lang="${locale}"><body style="font-family:sans-serif;font-size:14px;color:#1f2329">${htmlParts.join('\n')}
<p><a href="${escapeHtml(publicUrl)}/notifications">${openLabel[locale]}</a></p><p style="color:#8a919f;font-size:12px">${escapeHtml(footer[locale])}</p></body></html>`;
  return { subject: digestSubject[locale](date), text: textParts.join('\n'), html };
};

/** One robot line for an event (robots speak zh-CN: they post into Chinese work groups). */
export const renderRobotLine = (ev: { type: string; entity: { type: string; id: string }; data: EventData }, publicUrl: string): RobotContent => {
  const def = eventType(ev.type);
  const title = scrub(titleOf(ev.type, ev.data, 'zh-CN'));
  const body = def?.body ? scrub(def.body(ev.data, 'zh-CN') ?? '') : '';
  const url = absolute(publicUrl, def?.link(ev.entity, ev.data) ?? null);
  const md = `**${escapeMd(title)}**${body ? `\n> ${escapeMd(body)}` : ''}${url ? `\n[${openLabel['zh-CN']}](${url})` : ''}`;
  return { title, markdown: md };
};

/** WeCom takes at most 4,096 bytes of markdown; DingTalk about as much in practice. */
const MAX_BYTES = 3800;

/** A burst of robot messages folded into one: a count, then as many lines as fit. */
export const foldRobotMessages = (items: RobotContent[]): RobotContent => {
  if (items.length === 1) return items[0]!;
  const title = `${brand['zh-CN']}：${items.length} 条新通知`;
  const head = `### ${title}\n`;
  let md = head;
  let shown = 0;
  for (const it of items) {
    const line = `\n- ${escapeMd(it.title)}`;
    if (Buffer.byteLength(md + line + '\n\n……另有 9999 条', 'utf8') > MAX_BYTES) break;
    md += line;
    shown++;
  }
  if (shown < items.length) md += `\n\n……另有 ${items.length - shown} 条`;
  return { title, markdown: md };
};
