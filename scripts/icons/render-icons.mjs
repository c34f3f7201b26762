// Renders public/favicon.svg into the PNG app icons and favicon.ico (PNG entries) with Debian's
// Chromium: `node scripts/icons/render-icons.mjs`. The outputs are committed; run it after editing the SVG.
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";

const svg = readFileSync("public/favicon.svg", "utf8");
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
/** The SVG drawn at `size` pixels square, as PNG bytes (transparent outside the rounded square). */
const render = async (size) => {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.setContent(
    `<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`,
  );
  const png = await page.screenshot({
    omitBackground: true,
    clip: { x: 0, y: 0, width: size, height: size },
  });
  await page.close();
  return png;
};
/** An ICO file whose images are PNGs (every browser since IE 9 reads them). */
const ico = (images) => {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const entry = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, entry);
    header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
    header.writeUInt16LE(1, entry + 4); // colour planes
    header.writeUInt16LE(32, entry + 6); // bits per pixel
    header.writeUInt32LE(png.length, entry + 8);
    header.writeUInt32LE(offset, entry + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map(({ png }) => png)]);
};
const sizes = [16, 32, 48];
const images = [];
for (const size of sizes) images.push({ size, png: await render(size) });
writeFileSync("public/favicon.ico", ico(images));
writeFileSync("public/icon-192.png", await render(192));
writeFileSync("public/icon-512.png", await render(512));
writeFileSync("public/apple-touch-icon.png", await render(180));
await browser.close();
console.log("wrote public/favicon.ico, icon-192.png, icon-512.png, apple-touch-icon.png");
