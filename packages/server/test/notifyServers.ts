import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export type SinkMail = { raw: string; parsed: ParsedMail; to: string[] };

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts. */
export const startSmtpSink = async () => {
  const mails: SinkMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((parsed) => {
            mails.push({ raw, parsed, to: session.envelope.rcptTo.map((r) => r.address) });
            callback();
          })
          .catch(callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
};

export type RobotHit = { path: string; query: URLSearchParams; body: any; answered: 'ok' | 'error' | 'timeout' | 'bad-sign' };

/**
 * Plays the WeCom and DingTalk webhook endpoints: checks the JSON body (markdown) and, for
 * DingTalk, the signature over timestamp + "\n" + secret; answers from a script per call
 * (`ok`, `error` = errcode ≠ 0, `http500`, `timeout` = never answers).
 */
export const startRobotServer = async (opts: { dingtalkSecret: string }) => {
  const hits: RobotHit[] = [];
  const script: ('ok' | 'error' | 'http500' | 'timeout')[] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let body: any;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const json = (status: number, v: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(v));
      };
      const wellFormed =
        req.method === 'POST' &&
        body?.msgtype === 'markdown' &&
        (url.pathname.startsWith('/cgi-bin/webhook/send') ? typeof body.markdown?.content === 'string' : typeof body.markdown?.text === 'string' && typeof body.markdown?.title === 'string');
      if (!wellFormed) {
        hits.push({ path: url.pathname, query: url.searchParams, body, answered: 'error' });
        return json(200, { errcode: 40035, errmsg: 'invalid body' });
      }
      if (url.pathname.startsWith('/robot/send')) {
        const ts = url.searchParams.get('timestamp') ?? '';
        const expected = crypto.createHmac('sha256', opts.dingtalkSecret).update(`${ts}\n${opts.dingtalkSecret}`).digest('base64');
        if (!ts || url.searchParams.get('sign') !== expected) {
          hits.push({ path: url.pathname, query: url.searchParams, body, answered: 'bad-sign' });
          return json(200, { errcode: 310000, errmsg: 'sign not match' });
        }
      }
      const next = script.shift() ?? 'ok';
      if (next === 'timeout') {
        hits.push({ path: url.pathname, query: url.searchParams, body, answered: 'timeout' });
        hanging.add(res);
        return;
      }
      hits.push({ path: url.pathname, query: url.searchParams, body, answered: next === 'ok' ? 'ok' : 'error' });
      if (next === 'http500') return json(500, { errcode: -1, errmsg: 'system busy' });
      if (next === 'error') return json(200, { errcode: -1, errmsg: 'system busy' });
      return json(200, { errcode: 0, errmsg: 'ok' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    wecomUrl: (key: string) => `${base}/cgi-bin/webhook/send?key=${key}`,
    dingtalkUrl: (token: string) => `${base}/robot/send?access_token=${token}`,
    hits,
    script,
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
};
