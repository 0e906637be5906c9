// Runs the original @vladmandic/face-api (TF.js, WASM backend) on the package's sample photos and
// writes FaceGate's parity fixture (see docs/face-pipeline.md, "Parity with the original face-api").
//
//   cd tools/reference && npm ci && node reference.mjs [--out FILE] [--chips DIR] [--max-chips N]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  tf, faceapi, FACE_API_DIR, initWasm, loadModels, decodeJpegRgb, rgbTensor, tinyOptions, packageVersion,
} from './common.mjs';

const require = createRequire(import.meta.url);
const { PNG } = require('pngjs');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const INPUT_SIZE = 416;
const SCORE_THRESHOLD = 0.5;
const CHIP_SIZE = 150;
const SAMPLES = [1, 2, 3, 4, 5, 6].map((i) => `sample${i}.jpg`);

function parseArgs(argv) {
  const args = {
    out: path.join(REPO, 'src/test/resources/reference/face-api-1.7.15.json'),
    chips: path.join(REPO, 'src/test/resources/reference/chips'),
    maxChips: 8,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out') args.out = path.resolve(argv[++i]);
    else if (a === '--chips') args.chips = path.resolve(argv[++i]);
    else if (a === '--max-chips') args.maxChips = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

// Rounding for the fixture: descriptor values and scores to 6 significant digits, pixel
// coordinates to 1e-3 px (coordinates reach ~2000 px, where 6 significant digits would be 0.01 px).
const sig = (v) => Number(v.toPrecision(6));
const px = (v) => Math.round(v * 1000) / 1000;
const sha256 = (buf) => crypto.createHash('sha256').update(buf).digest('hex');

function l2(a) {
  let s = 0;
  for (const v of a) s += v * v;
  return Math.sqrt(s);
}

function distance(a, b) {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/**
 * face-api's own recognition input for one face: the "dlib" square from the landmarks
 * (`landmarks.align(null, {useDlibAlignment: true})`), sliced by extractFaceTensors (clip + floor),
 * then NetInput.toBatchTensor(150, centred): zero-pad to square and bilinear resize, float32.
 * Returns that float chip rounded to uint8 plus the crop rectangle.
 */
async function recognitionChip(imageTensor, result) {
  const rect = result.landmarks.align(null, { useDlibAlignment: true });
  const [face] = await faceapi.extractFaceTensors(imageTensor, [rect]);
  const chipFloat = new faceapi.NetInput([face]).toBatchTensor(CHIP_SIZE, true);
  const floatValues = await chipFloat.data();
  const sliced = face.shape;
  tf.dispose([face, chipFloat]);
  const rgb = new Uint8Array(floatValues.length);
  for (let i = 0; i < floatValues.length; i++) rgb[i] = Math.min(255, Math.max(0, Math.round(floatValues[i])));
  return {
    rect: { x: rect.x, y: rect.y, width: rect.width, height: rect.height },
    sliced: { width: sliced[1], height: sliced[0] },
    rgb,
  };
}

function writePng(file, rgb, width, height) {
  const png = new PNG({ width, height, colorType: 2, inputColorType: 2, inputHasAlpha: false });
  png.data = Buffer.from(rgb);
  const buf = PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false });
  fs.writeFileSync(file, buf);
  // Read it back: the Java test must see exactly these bytes.
  const back = PNG.sync.read(buf);
  for (let p = 0; p < width * height; p++) {
    for (let c = 0; c < 3; c++) {
      if (back.data[p * 4 + c] !== rgb[p * 3 + c]) throw new Error(`${file}: PNG round trip mismatch`);
    }
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const backendInfo = await initWasm(1);
  const tLoad = performance.now();
  await loadModels();
  const loadMs = performance.now() - tLoad;

  const images = [];
  const perImage = []; // kept for chip selection: { name, tensor, results }
  let pipelineMs = 0;
  for (const name of SAMPLES) {
    const file = path.join(FACE_API_DIR, 'demo', name);
    const jpegBytes = fs.readFileSync(file);
    const decoded = decodeJpegRgb(file);
    const tensor = rgbTensor(decoded, 'int32');
    const t0 = performance.now();
    const results = await faceapi.detectAllFaces(tensor, tinyOptions(INPUT_SIZE, SCORE_THRESHOLD))
      .withFaceLandmarks()
      .withFaceDescriptors();
    const ms = performance.now() - t0;
    pipelineMs += ms;
    results.sort((a, b) => (a.detection.box.x - b.detection.box.x) || (a.detection.box.y - b.detection.box.y));
    images.push({
      file: name,
      jpegSha256: sha256(jpegBytes),
      decodedRgbSha256: sha256(decoded.rgb),
      width: decoded.width,
      height: decoded.height,
      faces: results.map((r) => ({
        box: {
          x: px(r.detection.box.x), y: px(r.detection.box.y),
          width: px(r.detection.box.width), height: px(r.detection.box.height),
        },
        score: sig(r.detection.score),
        landmarks: r.landmarks.positions.map((p) => [px(p.x), px(p.y)]),
        descriptor: Array.from(r.descriptor, sig),
      })),
    });
    perImage.push({ name, tensor, results });
    console.log(`${name}: ${decoded.width}x${decoded.height}, ${results.length} faces, ${ms.toFixed(0)} ms`);
  }

  // Chips: round-robin over the images (face 0 of each image, then face 1, ...), up to maxChips.
  fs.mkdirSync(args.chips, { recursive: true });
  for (const f of fs.readdirSync(args.chips)) if (f.endsWith('.png')) fs.rmSync(path.join(args.chips, f));
  const picks = [];
  for (let k = 0; picks.length < args.maxChips; k++) {
    let any = false;
    for (const img of perImage) {
      if (k < img.results.length && picks.length < args.maxChips) {
        picks.push({ img, k });
        any = true;
      }
    }
    if (!any) break;
  }
  picks.sort((a, b) => SAMPLES.indexOf(a.img.name) - SAMPLES.indexOf(b.img.name) || a.k - b.k);

  const chips = [];
  for (const { img, k } of picks) {
    const result = img.results[k];
    const chip = await recognitionChip(img.tensor, result);
    const chipName = `${path.basename(img.name, '.jpg')}-${k}.png`;
    writePng(path.join(args.chips, chipName), chip.rgb, CHIP_SIZE, CHIP_SIZE);
    const chipTensor = tf.tensor3d(Int32Array.from(chip.rgb), [CHIP_SIZE, CHIP_SIZE, 3], 'int32');
    const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(chipTensor);
    tf.dispose(chipTensor);
    chips.push({
      file: `chips/${chipName}`,
      image: img.name,
      face: k,
      cropRect: {
        x: px(chip.rect.x), y: px(chip.rect.y), width: px(chip.rect.width), height: px(chip.rect.height),
      },
      slicedSize: chip.sliced,
      rgbSha256: sha256(chip.rgb),
      descriptor: Array.from(descriptor, sig),
      distanceToPipelineDescriptor: sig(distance(descriptor, result.descriptor)),
    });
  }
  for (const img of perImage) tf.dispose(img.tensor);

  const fixture = {
    header: {
      generator: 'tools/reference/reference.mjs',
      date: new Date().toISOString().slice(0, 10),
      versions: {
        '@vladmandic/face-api': packageVersion('@vladmandic/face-api'),
        '@tensorflow/tfjs': packageVersion('@tensorflow/tfjs'),
        '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
        'jpeg-js': packageVersion('jpeg-js'),
        node: process.versions.node,
      },
      backend: backendInfo,
      pipeline: 'detectAllFaces(tensor, TinyFaceDetectorOptions).withFaceLandmarks().withFaceDescriptors()',
      options: { detector: 'tinyFaceDetector', inputSize: INPUT_SIZE, scoreThreshold: SCORE_THRESHOLD },
      input: 'jpeg-js decode (no EXIF orientation) -> int32 tensor [H, W, 3], RGB 0..255',
      faceOrder: 'by box.x, then box.y',
      units: 'box and landmarks in image pixels (rounded to 1e-3 px); score and descriptor to 6 significant digits',
      chips: 'face-api recognition input (landmarks.align(null,{useDlibAlignment:true}), extractFaceTensors, '
        + 'NetInput.toBatchTensor(150, true)) rounded to uint8 and saved as RGB PNG; descriptor = '
        + 'faceRecognitionNet.computeFaceDescriptor(int32 tensor of exactly those bytes)',
    },
    images,
    chips,
  };
  fs.mkdirSync(path.dirname(args.out), { recursive: true });
  fs.writeFileSync(args.out, JSON.stringify(fixture) + '\n');

  // Summary for a human.
  const all = images.flatMap((im) => im.faces.map((f, i) => ({ id: `${im.file}#${i}`, d: f.descriptor })));
  const norms = all.map((f) => l2(f.d));
  console.log(`faces: ${all.length}; descriptor norms ${Math.min(...norms).toFixed(3)}..${Math.max(...norms).toFixed(3)}`);
  for (const a of all) {
    let best = null;
    for (const b of all) {
      if (a === b || a.id.split('#')[0] === b.id.split('#')[0]) continue;
      const d = distance(a.d, b.d);
      if (!best || d < best.d) best = { id: b.id, d };
    }
    if (best) console.log(`  nearest other-image face to ${a.id}: ${best.id} ${best.d.toFixed(3)}`);
  }
  for (const c of chips) console.log(`  ${c.file}: |chip - pipeline| = ${c.distanceToPipelineDescriptor}`);
  console.log(`models ${loadMs.toFixed(0)} ms, pipeline ${pipelineMs.toFixed(0)} ms for ${images.length} images; `
    + `wrote ${path.relative(process.cwd(), args.out)} (${fs.statSync(args.out).size} bytes) and ${chips.length} chips`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
