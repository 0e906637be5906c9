// Decodes a JPEG with jpeg-js (the decoder FaceGate's parity fixture was made with) into raw interleaved RGB,
// so the Java parity test can feed our pipeline exactly the pixels the original face-api saw.
// usage: node jpeg-to-rgb.mjs IN.jpg OUT.rgb   (prints "WIDTH HEIGHT")
import fs from 'node:fs';
import jpeg from 'jpeg-js';

const [input, output] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node jpeg-to-rgb.mjs IN.jpg OUT.rgb');
  process.exit(1);
}
const decoded = jpeg.decode(fs.readFileSync(input), { useTArray: true, formatAsRGBA: false });
fs.writeFileSync(output, Buffer.from(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength));
console.log(`${decoded.width} ${decoded.height}`);
