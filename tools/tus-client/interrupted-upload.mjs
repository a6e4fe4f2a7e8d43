// A mobile app's resumable upload on a flaky network, spoken by a real tus client (tus-js-client).
// The network drops in the middle of several PATCH bodies: half of the chunk goes out, then the
// connection closes. Each time the client resumes from where the server says the upload ends (HEAD);
// should it give up, a new client (as after an app restart) resumes from the URL it kept. Prints one
// JSON line: the image id, the offsets it resumed from, the attempts.
//
// Environment: IMAGELAKE_URL (the gateway), IMAGELAKE_API_KEY, TUS_FILE (the image),
// TUS_CHUNK_BYTES (default 16384), TUS_CUT_PATCHES (which PATCHes, counted over the whole run, lose
// their connection halfway: default "2,3,4"). The client resumes each, asking where to go on (HEAD).
import { Upload, defaultOptions } from 'tus-js-client';
import { PassThrough } from 'node:stream';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const file = readFileSync(process.env.TUS_FILE);
const endpoint = `${process.env.IMAGELAKE_URL}/api/v1/tus`;
const chunkSize = Number(process.env.TUS_CHUNK_BYTES ?? 16384);
const cutPatches = new Set((process.env.TUS_CUT_PATCHES ?? '2,3,4').split(',').map(Number));

/** tus-js-client's own Node.js HTTP stack, whose chosen PATCHes lose their connection halfway through the body. */
class FlakyNetwork {
  constructor(inner) {
    this.inner = inner;
    this.patches = 0;
    this.cuts = [];
  }

  getName() {
    return 'FlakyNetwork';
  }

  createRequest(method, url) {
    const request = this.inner.createRequest(method, url);
    if (method !== 'PATCH' || !cutPatches.has(++this.patches)) {
      return request;
    }
    const cuts = this.cuts;
    return new Proxy(request, {
      get(target, property) {
        if (property === 'send') {
          return (body) => {
            const half = body.subarray(0, Math.floor(body.length / 2));
            cuts.push({ patch: cuts.length, sent: half.length, of: body.length });
            const wire = new PassThrough();
            const answer = target.send(wire);
            // half the body reaches the socket, then the connection closes: the server reads a body cut short
            wire.write(half, () => setImmediate(() => target.getUnderlyingObject().destroy()));
            return answer;
          };
        }
        const value = target[property];
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  }
}

const network = new FlakyNetwork(defaultOptions.httpStack);
let uploadUrl = null;
let imageId = null;
const resumedFrom = [];

function attempt() {
  return new Promise((resolve) => {
    const upload = new Upload(file, {
      endpoint,
      uploadUrl,
      chunkSize,
      httpStack: network,
      // as an app sets it: a dropped connection or a 409 (the server had not yet kept a cut body's bytes when the
      // client asked where to resume) is retried after a HEAD; past these, a new client resumes (an app restart)
      retryDelays: [0, 500, 1000, 2000, 4000],
      storeFingerprintForResuming: false,
      headers: { Authorization: `Bearer ${process.env.IMAGELAKE_API_KEY}` },
      metadata: {
        filename: basename(process.env.TUS_FILE),
        filetype: 'image/jpeg',
        metadata: JSON.stringify({ caption: 'resumable', tags: ['tus'] }),
      },
      onAfterResponse(req, res) {
        if (req.getMethod() === 'HEAD') {
          resumedFrom.push(Number(res.getHeader('Upload-Offset')));
        }
        const id = res.getHeader('Image-Id');
        if (id) {
          imageId = id;
        }
      },
      onSuccess() {
        uploadUrl = upload.url;
        resolve('finished');
      },
      onError(error) {
        uploadUrl = upload.url ?? uploadUrl;
        resolve(`interrupted: ${error.message.split('\n')[0]}`);
      },
    });
    upload.start();
  });
}

const outcomes = [];
for (let attempts = 0; attempts < cutPatches.size + 2; attempts++) {
  outcomes.push(await attempt());
  if (outcomes.at(-1) === 'finished') {
    break;
  }
}
console.log(JSON.stringify({
  outcome: outcomes.at(-1),
  imageId,
  uploadUrl,
  attempts: outcomes.length,
  outcomes,
  resumedFrom,
  cuts: network.cuts,
  bytes: file.length,
}));
