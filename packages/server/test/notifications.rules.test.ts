import { describe, expect, it } from 'vitest';
import { isClockTime, isQuietHours } from '@liaison/shared';
import { scrub, foldRobotMessages } from '../src/modules/notifications/render.js';
import { quietUntil, shanghai } from '../src/modules/notifications/time.js';
import { dingtalkSign } from '../src/modules/notifications/channels/robot.js';
import { backoffMs } from '../src/modules/notifications/delivery.js';

describe('notification rules', () => {
  it('scrubs mobiles, landlines and ID numbers out of outgoing text, leaves dates and amounts', () => {
    expect(scrub('王伟13812345678的生日')).toBe('王伟138****5678的生日');
    expect(scrub('身份证 330106198803150012 已核验')).toBe('身份证 330106********0012 已核验');
    expect(scrub('身份证 33010619880315001X')).toBe('身份证 330106********001X');
    expect(scrub('电话 0571-87654321')).toBe('电话 0571-****4321');
    expect(scrub('2026-11-24 成交 12345 元，客户号 20261124')).toBe('2026-11-24 成交 12345 元，客户号 20261124');
  });

  it('clock times and quiet hours', () => {
    expect(['00:00', '08:00', '23:59'].every(isClockTime)).toBe(true);
    expect(['25:00', '24:00', '8:00', '08:60', '0800', ''].some(isClockTime)).toBe(false);
    expect(isQuietHours('22:00-07:00')).toBe(true);
    expect(['22:00~07:00', '22:00-22:00', '22:00-', '22:00-07:00-08:00', '25:00-07:00'].some(isQuietHours)).toBe(false);
  });

  it('quiet hours defer to their end in Shanghai time, across midnight', () => {
    // 2026-11-23T15:30Z is 23:30 in Shanghai: inside 22:00-07:00, which ends at 07:00 (23:00Z).
    expect(quietUntil('22:00-07:00', new Date('2026-11-23T15:30:00.000Z'))?.toISOString()).toBe('2026-11-23T23:00:00.000Z');
    expect(quietUntil('22:00-07:00', new Date('2026-11-23T02:00:00.000Z'))).toBeNull();
    expect(quietUntil('12:00-13:30', new Date('2026-11-23T04:10:00.000Z'))?.toISOString()).toBe('2026-11-23T05:30:00.000Z');
    expect(quietUntil(null, new Date())).toBeNull();
    expect(shanghai(new Date('2026-11-23T16:00:00.000Z'))).toEqual({ date: '2026-11-24', minute: 0 });
  });

  it('DingTalk signature: HMAC-SHA256 of timestamp + "\\n" + secret, base64', () => {
    // Computed independently with the vendor's Python example (hmac.new(secret, f"{ts}\\n{secret}", sha256), base64).
    const sign = dingtalkSign('SECabc', 1700000000000);
    expect(sign).toBe('jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=');
    expect(dingtalkSign('SECabc', 1700000000001)).not.toBe(sign);
  });

  it('backoff doubles from 30 s up to an hour; a robot that says "too fast" waits at least 10 minutes', () => {
    expect([1, 2, 3, 4].map((a) => backoffMs(a))).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(backoffMs(20)).toBe(3_600_000);
    expect(backoffMs(1, true)).toBe(600_000);
  });

  it('folds a burst into one markdown message under the robots\' size limit', () => {
    const items = Array.from({ length: 500 }, (_, i) => ({ title: `西湖营销部：第 ${i} 条通知，客户「惠民食杂店」`, markdown: '' }));
    const folded = foldRobotMessages(items);
    expect(folded.title).toContain('500 条新通知');
    expect(Buffer.byteLength(folded.markdown, 'utf8')).toBeLessThanOrEqual(4096);
    expect(folded.markdown).toMatch(/……另有 \d+ 条$/);
  });
});
