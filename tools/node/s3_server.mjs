// The S3 test server of ocpagg: s3rver 3.7.1 behind a wrapper that makes it strict where the
// tests need it (s3rver itself accepts any signature):
//   - verifies the AWS Signature V4 of every request (header auth, as real S3 does: canonical
//     request with the URI-encoded path, the query sorted and re-encoded with uppercase hex, the
//     signed headers, the declared x-amz-content-sha256) and answers 403 SignatureDoesNotMatch,
//     InvalidAccessKeyId or AccessDenied (unsigned) when it does not match;
//   - caps ListObjects pages at 1,000 keys, as S3 does (s3rver returns everything by default);
//   - lists with a delimiter correctly at any depth (s3rver drops deeper common prefixes);
//   - answers a suffix range `bytes=-N` with the last N bytes (s3rver returns the first N);
//   - injects faults per bucket for retry tests, configured over an admin path that is not signed:
//       POST /__admin/buckets/NAME?fail_share=0.3&retry_after=1&reset_share=0.05
//         creates bucket NAME; that share of its requests gets 503 SlowDown (with Retry-After
//         when given), and reset_share of them a reset connection. The faults come at fixed
//         request counts (every round(1/share)-th request), not at random, so that a test's
//         number of injected faults does not vary from run to run;
//       GET  /__admin/stats/NAME   {"requests": n, "injected_503": n, "injected_resets": n}
//
//   node --openssl-legacy-provider tools/node/s3_server.mjs --port P --dir DIR \
//        --access-key KEY --secret-key SECRET --bucket NAME [--bucket NAME...]
//
// (--openssl-legacy-provider: s3rver's continuation tokens use DES, which OpenSSL 3 hides.)
import { createHash, createHmac } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { parseArgs } from 'node:util';

import S3rver from 's3rver';
import AWSAccount from 's3rver/lib/models/account.js';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string', default: '4568' },
    dir: { type: 'string' },
    'access-key': { type: 'string' },
    'secret-key': { type: 'string' },
    bucket: { type: 'string', multiple: true, default: [] },
  },
});
const secrets = new Map([[args['access-key'], args['secret-key']]]);

// RFC 3986 encoding of bytes, uppercase hex, as SigV4 wants it.
function uriEncode(text, encodeSlash) {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (c === '/' && !encodeSlash)) out += c;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}
const decode = (s) => decodeURIComponent(s);
const hmac = (key, data) => createHmac('sha256', key).update(data, 'utf8').digest();
const sha256Hex = (data) => createHash('sha256').update(data, 'utf8').digest('hex');

function s3Error(ctx, status, code, message) {
  ctx.status = status;
  ctx.type = 'application/xml';
  ctx.body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code>` +
    `<Message>${message}</Message><Resource>${ctx.path}</Resource></Error>`;
}

// Returns an error code, or '' when the signature is right.
function checkSignature(req) {
  const auth = req.headers['authorization'];
  if (!auth) return 'AccessDenied';
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return 'AccessDenied';
  const [, keyId, date, region, service, signedHeaders, signature] = m;
  if (!secrets.has(keyId)) return 'InvalidAccessKeyId';
  const [rawPath, rawQuery = ''] = req.url.split(/\?(.*)/s);
  const query = rawQuery.split('&').filter((p) => p !== '').map((p) => {
    const eq = p.indexOf('=');
    const k = eq < 0 ? p : p.slice(0, eq);
    const v = eq < 0 ? '' : p.slice(eq + 1);
    return [uriEncode(decode(k), true), uriEncode(decode(v), true)];
  }).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const names = signedHeaders.split(';');
  const canonical = [
    req.method,
    uriEncode(decode(rawPath), false),
    query.map(([k, v]) => `${k}=${v}`).join('&'),
    ...names.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/ +/g, ' ')}`),
    '',
    signedHeaders,
    req.headers['x-amz-content-sha256'] ?? '',
  ].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', req.headers['x-amz-date'] ?? '', scope, sha256Hex(canonical)]
    .join('\n');
  let key = hmac('AWS4' + secrets.get(keyId), date);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  return hmac(key, toSign).toString('hex') === signature ? '' : 'SignatureDoesNotMatch';
}

const faults = new Map();  // bucket -> {fail_share, retry_after, reset_share, stats}
const server = new S3rver({
  address: '127.0.0.1',
  port: Number(args.port),
  directory: args.dir,
  silent: true,
  vhostBuckets: false,
  configureBuckets: args.bucket.map((name) => ({ name })),
});
for (const [id, secret] of secrets) AWSAccount.DUMMY_ACCOUNT.createKeyPair(id, secret);

// ListObjects with a delimiter, done right: list without it and fold keys into common prefixes.
const listObjects = server.store.listObjects.bind(server.store);
server.store.listObjects = async (bucket, options) => {
  if (!options.delimiter) return listObjects(bucket, options);
  const all = await listObjects(bucket, { ...options, delimiter: '', maxKeys: Infinity });
  const prefix = options.prefix || '';
  const objects = [];
  const prefixes = new Set();
  for (const object of all.objects) {
    const at = object.key.slice(prefix.length).indexOf(options.delimiter);
    if (at < 0) objects.push(object);
    else prefixes.add(object.key.slice(0, prefix.length + at + options.delimiter.length));
  }
  const max = options.maxKeys ?? Infinity;
  return {
    objects: objects.slice(0, max),
    commonPrefixes: [...prefixes].sort(),
    isTruncated: objects.length > max,
  };
};

server.middleware.splice(1, 0, async (ctx, next) => {
  const admin = /^\/__admin\/(buckets|stats)\/([^/]+)$/.exec(ctx.path);
  if (admin) {
    const bucket = admin[2];
    if (admin[1] === 'buckets' && ctx.method === 'POST') {
      await server.store.putBucket(bucket);
      faults.set(bucket, {
        fail_share: Number(ctx.query.fail_share ?? 0),
        retry_after: ctx.query.retry_after,
        reset_share: Number(ctx.query.reset_share ?? 0),
        stats: { requests: 0, injected_503: 0, injected_resets: 0 },
      });
      ctx.body = 'ok\n';
    } else {
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(faults.get(bucket)?.stats ?? {}) + '\n';
    }
    return;
  }
  const error = checkSignature(ctx.req);
  if (error) {
    const messages = {
      AccessDenied: 'Access Denied (the request is not signed with AWS Signature Version 4)',
      InvalidAccessKeyId: 'The AWS Access Key Id you provided does not exist in our records.',
      SignatureDoesNotMatch: 'The request signature we calculated does not match the signature ' +
        'you provided. Check your key and signing method.',
    };
    return s3Error(ctx, 403, error, messages[error]);
  }
  const bucket = decode(ctx.path.split('/')[1] ?? '');
  const fault = faults.get(bucket);
  if (fault) {
    const n = ++fault.stats.requests;
    const every = (share) => (share > 0 ? Math.max(1, Math.round(1 / share)) : 0);
    const failEvery = every(fault.fail_share);
    const resetEvery = every(fault.reset_share);
    const fails = failEvery > 0 && n % failEvery === 0;
    if (!fails && resetEvery > 0 && n % resetEvery === Math.floor(resetEvery / 2)) {
      fault.stats.injected_resets++;
      ctx.req.socket.destroy();
      return;
    }
    if (fails) {
      fault.stats.injected_503++;
      if (fault.retry_after !== undefined) ctx.set('Retry-After', fault.retry_after);
      return s3Error(ctx, 503, 'SlowDown', 'Please reduce your request rate. (injected)');
    }
  }
  if (ctx.method === 'GET' && /^\/[^/]+\/?$/.test(ctx.path)) {
    const maxKeys = Number(ctx.query['max-keys'] ?? 1000);
    if (!(maxKeys <= 1000)) ctx.query = { ...ctx.query, 'max-keys': '1000' };
  }
  const suffix = /^bytes=-(\d+)$/.exec(ctx.get('range'));
  if (suffix && ctx.method === 'GET') {
    const key = decode(ctx.path.split('/').slice(2).join('/'));
    try {
      const { size } = await fsp.stat(server.store.getResourcePath(bucket, key, 'object'));
      const n = Math.min(Number(suffix[1]), size);
      ctx.req.headers['range'] = `bytes=${size - n}-${size - 1}`;
    } catch {
      // a missing object: s3rver answers 404
    }
  }
  return next();
});

await server.run();
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.stdout.write(`s3_server: listening on 127.0.0.1:${args.port}\n`);
