import crypto from 'node:crypto';
import type { RobotKind } from '@liaison/shared';
import type { Config } from '../../../config.js';
import type { FieldProblem } from '../../../errors.js';
import type { RobotContent } from '../render.js';

/** The official webhook hosts; anything else would let a robot's address reach inside our network. */
const OFFICIAL_HOSTS: Record<RobotKind, string> = { wecom: 'qyapi.weixin.qq.com', dingtalk: 'oapi.dingtalk.com' };
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Problems with a webhook address: https only (local http in tests only), on the robot's official host. */
export const webhookProblems = (config: Pick<Config, 'robotAllowLocal'>, kind: RobotKind, raw: string): FieldProblem[] => {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [{ path: 'webhookUrl', key: 'invalid_format' }];
  }
  if (config.robotAllowLocal && url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname)) return [];
  if (url.protocol !== 'https:') return [{ path: 'webhookUrl', key: 'webhook_https' }];
  if (url.hostname !== OFFICIAL_HOSTS[kind] || url.username || url.password) return [{ path: 'webhookUrl', key: 'webhook_host' }];
  return [];
};

/** What the list shows instead of the address: host, path and the key's last four characters. */
export const webhookHint = (raw: string): string => {
  const url = new URL(raw);
  const key = url.searchParams.get('key') ?? url.searchParams.get('access_token') ?? '';
  return `${url.host}${url.pathname} …${key.slice(-4)}`;
};

/**
 * DingTalk's signature for a signed robot: HMAC-SHA256 over `timestamp + "\n" + secret` keyed by
 * the secret, base64, URL-encoded into `&timestamp=…&sign=…` (timestamp in ms, within an hour).
 */
export const dingtalkSign = (secret: string, timestamp: number): string =>
  crypto.createHmac('sha256', secret).update(`${timestamp}\n${secret}`, 'utf8').digest('base64');

export class RobotError extends Error {
  constructor(
    message: string,
    /** The robot told us to slow down (WeCom 45009, DingTalk 130101): wait longer than usual. */
    readonly rateLimited = false,
  ) {
    super(message);
  }
}

/** Posts one markdown message; resolves when the robot answered errcode 0, throws otherwise. */
export const sendRobot = async (
  robot: { kind: RobotKind; url: string; secret: string | null },
  content: RobotContent,
  opts: { now: Date; timeoutMs: number },
): Promise<void> => {
  const url = new URL(robot.url);
  if (robot.kind === 'dingtalk' && robot.secret) {
    const ts = opts.now.getTime();
    url.searchParams.set('timestamp', String(ts));
    url.searchParams.set('sign', dingtalkSign(robot.secret, ts));
  }
  const body =
    robot.kind === 'wecom'
      ? { msgtype: 'markdown', markdown: { content: content.markdown } }
      : { msgtype: 'markdown', markdown: { title: content.title.slice(0, 60), text: content.markdown } };
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs),
      redirect: 'error',
    });
  } catch (err) {
    const name = (err as Error).name;
    throw new RobotError(name === 'TimeoutError' || name === 'AbortError' ? `timeout after ${opts.timeoutMs} ms` : `network: ${(err as Error).message}`);
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new RobotError(`HTTP ${res.status}`, res.status === 429);
  let answer: { errcode?: number; errmsg?: string };
  try {
    answer = JSON.parse(text);
  } catch {
    throw new RobotError('answer is not JSON');
  }
  if (answer.errcode !== 0) throw new RobotError(`errcode ${answer.errcode}: ${String(answer.errmsg ?? '').slice(0, 200)}`, answer.errcode === 45009 || answer.errcode === 130101);
};
