// Shared set-up for the reference tools: loads the original face-api (node-wasm build) on the
// TF.js WASM backend, fully offline, and decodes JPEGs with jpeg-js.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

// face-api's node-wasm bundle does `require('@tensorflow/tfjs')` and
// `require('@tensorflow/tfjs-backend-wasm')` itself (they are peer packages, not bundled), so
// loading those through the same CommonJS resolver gives one shared tfjs instance.
export const tf = require('@tensorflow/tfjs');
export const wasmBackend = require('@tensorflow/tfjs-backend-wasm');
export const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');

export const FACE_API_DIR = path.dirname(require.resolve('@vladmandic/face-api/package.json'));
export const MODEL_DIR = path.join(FACE_API_DIR, 'model');
export const WASM_DIR = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')) + '/dist/';

export function packageVersion(name) {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
}

/**
 * Selects the WASM backend with the .wasm binaries from node_modules (no network).
 * @param {number} threads WASM threads; 1 keeps each process single-threaded.
 */
export async function initWasm(threads = 1) {
  // A plain folder prefix: in Node the emscripten loader reads the binary with fs.
  wasmBackend.setWasmPaths(WASM_DIR);
  if (threads > 0) wasmBackend.setThreadsCount(threads);
  const ok = await tf.setBackend('wasm');
  if (!ok) throw new Error('could not initialise the tfjs wasm backend');
  await tf.ready();
  if (faceapi.tf.getBackend() !== 'wasm') throw new Error('face-api does not share the tfjs instance');
  return {
    backend: tf.getBackend(),
    simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
    multithread: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
    threads: wasmBackend.getThreadsCount ? wasmBackend.getThreadsCount() : null,
  };
}

/** Loads the three nets of the verification pipeline from the package's model folder. */
export async function loadModels() {
  await faceapi.nets.tinyFaceDetector.loadFromDisk(MODEL_DIR);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(MODEL_DIR);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(MODEL_DIR);
}

/**
 * Decodes a JPEG to packed RGB bytes (EXIF orientation is not applied, like jpeg-js itself).
 * @returns {{width:number,height:number,rgb:Uint8Array}}
 */
export function decodeJpegRgb(file) {
  const img = jpeg.decode(fs.readFileSync(file), { useTArray: true, formatAsRGBA: false });
  const { width, height, data } = img;
  if (data.length !== width * height * 3) throw new Error(`${file}: unexpected decoded size`);
  return { width, height, rgb: data };
}

/** An int32 [H, W, 3] tensor of an RGB image, the form face-api's own Node demos pass in. */
export function rgbTensor({ width, height, rgb }, dtype = 'int32') {
  const values = dtype === 'int32' ? Int32Array.from(rgb) : Float32Array.from(rgb);
  return tf.tensor3d(values, [height, width, 3], dtype);
}

export function tinyOptions(inputSize = 416, scoreThreshold = 0.5) {
  return new faceapi.TinyFaceDetectorOptions({ inputSize, scoreThreshold });
}
