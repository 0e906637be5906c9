// Peer benchmark: throughput of the original @vladmandic/face-api full pipeline (tiny detector at
// 416, 68 landmarks, descriptor) on the TF.js WASM backend, with P single-threaded processes.
//
//   node peer-bench.mjs --images DIR [--limit N] [--procs P] [--seconds S] [--json]
//
// DIR is in LFW layout (DIR/NAME/NAME_0001.jpg); photos are taken in sorted order (person folder
// name, then file name), the first N of them. Model loading and one warm-up run per process are
// excluded from the timing; JPEG reading and decoding are included. With --seconds S each process
// repeats whole passes over its share until S seconds have passed (default 0: one pass), so that
// a small photo set still gives a window long enough to even out other load on the machine.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const INPUT_SIZE = 416;
const SCORE_THRESHOLD = 0.5;

function usage(msg) {
  if (msg) console.error(`peer-bench: ${msg}`);
  console.error('usage: node peer-bench.mjs --images DIR [--limit N] [--procs P] [--seconds S] [--json]');
  process.exit(2);
}

function parseArgs(argv) {
  const args = { images: null, limit: Infinity, procs: defaultProcs(), seconds: 0, json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--images') args.images = path.resolve(value());
    else if (a === '--limit') args.limit = positiveInt(a, value());
    else if (a === '--procs') args.procs = positiveInt(a, value());
    else if (a === '--seconds') args.seconds = nonNegativeNumber(a, value());
    else if (a === '--json') args.json = true;
    else if (a === '-h' || a === '--help') usage();
    else usage(`unknown argument ${a}`);
  }
  if (!args.images) usage('--images is required');
  return args;
}

function defaultProcs() {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

function positiveInt(name, s) {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) usage(`${name} must be a positive integer`);
  return n;
}

function nonNegativeNumber(name, s) {
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0) usage(`${name} must be a number >= 0`);
  return n;
}

const byName = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const isJpeg = (f) => /\.jpe?g$/i.test(f);

/** The first `limit` photos: top-level JPEGs, then each person folder's JPEGs, all sorted by name. */
function listPhotos(dir, limit) {
  const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => byName(a.name, b.name));
  const photos = [];
  for (const e of entries) {
    if (photos.length >= limit) break;
    if (e.isFile() && isJpeg(e.name)) photos.push(path.join(dir, e.name));
    else if (e.isDirectory()) {
      const sub = path.join(dir, e.name);
      for (const f of fs.readdirSync(sub).filter(isJpeg).sort(byName)) {
        if (photos.length >= limit) break;
        photos.push(path.join(sub, f));
      }
    }
  }
  return photos;
}

// ---------------------------------------------------------------- worker process

async function worker() {
  const { initWasm, loadModels, decodeJpegRgb, rgbTensor, tinyOptions, faceapi, tf } = await import('./common.mjs');
  const options = tinyOptions(INPUT_SIZE, SCORE_THRESHOLD);
  const runOne = async (file) => {
    const tensor = rgbTensor(decodeJpegRgb(file));
    try {
      const results = await faceapi.detectAllFaces(tensor, options).withFaceLandmarks().withFaceDescriptors();
      return results.length;
    } finally {
      tf.dispose(tensor);
    }
  };
  let photos = [];
  process.on('message', async (msg) => {
    try {
      if (msg.type === 'init') {
        photos = msg.photos;
        const info = await initWasm(1);
        await loadModels();
        if (msg.warmup) await runOne(msg.warmup);
        process.send({ type: 'ready', info });
      } else if (msg.type === 'go') {
        let faces = 0;
        let withFace = 0;
        let images = 0;
        let passes = 0;
        const t0 = process.hrtime.bigint();
        do {
          for (const file of photos) {
            const n = await runOne(file);
            faces += n;
            if (n > 0) withFace++;
          }
          images += photos.length;
          passes++;
        } while (Number(process.hrtime.bigint() - t0) / 1e9 < msg.seconds);
        process.send({ type: 'done', faces, withFace, images, passes });
      }
    } catch (e) {
      process.send({ type: 'error', message: String(e && e.stack || e) });
    }
  });
  process.send({ type: 'started' });
}

// ---------------------------------------------------------------- coordinator

function waitFor(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (msg) => {
      if (msg.type === type) {
        child.off('message', onMessage);
        resolve(msg);
      } else if (msg.type === 'error') {
        reject(new Error(msg.message));
      }
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
  });
}

async function coordinator() {
  const args = parseArgs(process.argv.slice(2));
  const photos = listPhotos(args.images, args.limit);
  if (photos.length === 0) usage(`no JPEG photos under ${args.images}`);
  const procs = Math.min(args.procs, photos.length);

  // Static round-robin shares: deterministic, and the photos are of similar size.
  const shares = Array.from({ length: procs }, (_, p) => photos.filter((_, i) => i % procs === p));
  const children = shares.map(() => fork(SELF, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  try {
    await Promise.all(children.map((c) => waitFor(c, 'started')));
    const ready = await Promise.all(children.map((c, p) => {
      const r = waitFor(c, 'ready');
      c.send({ type: 'init', photos: shares[p], warmup: shares[p][0] });
      return r;
    }));

    const t0 = process.hrtime.bigint();
    const done = await Promise.all(children.map((c) => {
      const r = waitFor(c, 'done');
      c.send({ type: 'go', seconds: args.seconds });
      return r;
    }));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

    const images = done.reduce((s, d) => s + d.images, 0);
    const passes = Math.min(...done.map((d) => d.passes));
    const facesFound = done.reduce((s, d) => s + d.faces, 0);
    const imagesWithFace = done.reduce((s, d) => s + d.withFace, 0);
    const imagesPerSec = images / seconds;
    const info = ready[0].info;
    console.log(`face-api@1.7.15 ${info.backend} (simd ${info.simd}, ${info.threads} thread/process), `
      + `${procs} processes: ${images} images in ${seconds.toFixed(2)} s = ${imagesPerSec.toFixed(2)} images/s; `
      + `${facesFound} faces found, ${imagesWithFace} images with at least one face`);
    if (args.json) {
      console.log(JSON.stringify({
        peer: 'face-api@1.7.15',
        backend: 'wasm',
        procs,
        images,
        passes,
        seconds: Number(seconds.toFixed(3)),
        imagesPerSec: Number(imagesPerSec.toFixed(3)),
        facesFound,
        imagesWithFace,
      }));
    }
  } finally {
    for (const c of children) c.kill();
  }
}

if (process.argv.includes('--worker')) worker();
else coordinator().catch((e) => {
  console.error(e);
  process.exit(1);
});
