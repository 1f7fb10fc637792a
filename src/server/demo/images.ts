import { deflateSync } from 'node:zlib';

/**
 * Small real images for the pièces justificatives of the demo. The two JPEGs were drawn once with
 * ImageMagick (96×64 identity card, 120×80 façade) and are embedded as is; the PNG plan is drawn
 * here and encoded with node:zlib.
 */
const PIECE_IDENTITE_JPG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCABAAGADASIAAhEBAxEB/8QAGgABAQEBAQEBAAAAAAAAAAAAAAYHBQMEAf/EADoQAAADBAYHBQYHAQAAAAAAAAABAgMEBRMRFiEm0fAxM1NUkqPSEhRRcoEVMkFhcbEGIjRCUpGh4f/EABgBAQEBAQEAAAAAAAAAAAAAAAABAgQF/8QAIBEBAAEDBQEBAQAAAAAAAAAAAAECExQDFVGh0UEEBf/aAAwDAQACEQMRAD8AlwGgVHhe3fONPSFR4Xt3zjT0j08ihy25Z+A0Co8L275xp6QqPC9u+caekMigtyz8BoFR4Xt3zjT0hUeF7d8409IZFBbln4DQKjwvbvnGnpCo8L275xp6QyKC3LPwGgVHhe3fONPSFR4Xt3zjT0hkUFuWfgNAqPC9u+caekKjwvbvnGnpDIoLcqJ41CvT7j4R9zxqFen3HKfm5uzm1bJKk0lZ9dA82XTD3ARqm7ZbWapqs1/yptFNCXlb05EtpatJmkz8RFdh01R+YTF8syRTumqPzCYvlmSNfGS+WZIXyzJC+WZIXyzJBS+WZIXyzJC+WZIXyzJAL5Zkioc53c2HetfLTM0e9Rbos0g5zu5sO9a+WmZo96i3RZpHsKjyeNQr0+457VmlqyUzWVKVFQY6DxqFen3E5FYop3WbB3omEX5lH+3/AKMysPnVAGk2hDdMvxMrS9B2HV3Q6sEsWehPxP4iXOIPhr7RvLSn5Ks/odKGRdotqlg9GR9o6Eroot+Yiqd01R+YTF8syRTumqPzCYvlmSNfGS+WZIXyzJC+WZIXyzJBS+WZIXyzJHq51s74w71qJiZmq92m3RboFSCJyFVm9osvaX6W3t6vwOjRbpoFGACo825GbFRERmfy+o4LaBMmzZbVZvHaWZmdFGA4tYYtvfLRgFYYtvfLRgOef0UPVj+Trcx3469XWHi8f5gP0vw8xIyMjeSMvpgOPWGLb3y0YBWGLb3y0YCX6DatfmO/Fs6pNLMyURlb8R7CDrDFt75aMArDFt75aMBcihNp1uY78XgCDrDFt75aMArDFt75aMBcmk2nW5jvxeAIOsMW3vlowCsMW3vlowDJpNp1uY78XgCDrDFt75aMArDFt75aMAyaTadbmO/H/9k=';
const FACADE_JPG =
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA4KCw0LCQ4NDA0QDw4RFiQXFhQUFiwgIRokNC43NjMuMjI6QVNGOj1OPjIySGJJTlZYXV5dOEVmbWVabFNbXVn/2wBDAQ8QEBYTFioXFypZOzI7WVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVlZWVn/wAARCABQAHgDASIAAhEBAxEB/8QAGgAAAwEBAQEAAAAAAAAAAAAAAAIFBAEGA//EADwQAAEEAAIFBgsHBQAAAAAAAAABAgMRBAUSMUFR4RMUFWFkowYhNERSU3OCscHRFiIjM5KhokJxcoGR/8QAGQEBAAMBAQAAAAAAAAAAAAAAAAIDBAUB/8QAIxEAAgIBBAIDAQEAAAAAAAAAAAECEQMEEjFREyEiMkGBkf/aAAwDAQACEQMRAD8A3UFDUFGIqoWgoagoChaChqCgKFoKOqqNRVVaRNaqYXZrh2zaHjVu16agWQxTn9VZtoKBjmyNRzHI5q6lRRqBXVC0FDUFAULQUNQUBQtANQAUMB2goE6OAdoSWRkLFfI5GtTaoCTfpDGXF46HCpTl0n7GJr4E7GZs59sw9sb6S61+hLVVVVVVtVB0sGgb95P8NOKxs2KX760zY1NRmAAdSMYwVRVI+2HxUuGdcTqTa1dSlvB5jFiaa78OT0V1L/ZTzwApzaaGXnns9eBAweaSQUyW5I/3QuQTxYhmnE5HJt3oDjZtNPFzwOB2goFFHAO0AFDUFHaOOajmq1yIqKlKi7QTonY3NIoLZFUkn7IQ58RLiH6crlcuxNiFPOoYouQ5ONjL0r0Wol6iVSbiLlR1NO8cI3FexAHpNwUm483mrzroQB6TcFJuG8eddCAPSbgpNw3jzroQeKV8L0fG5WuTagUm4KTcN5480X6aLWCzdklMxNMd6Sal+hUSlS0W0IOTxRy4t7ZGNemgq05L2oX2MbG1GsajWpqREpCSdnK1EYKXwVBQHaA9M9DUFDUFAnREz/zf3vkRyz4Qeb+98iMVS5NuL6Ip5bhIZ8O50rNJyOq7VNiGzo7C+q/kv1M+UzRR4ZyPkY1dNVpzkTYht5zB6+L9aHYwQxPGtyV/w5OeeVZHtbr+kbM4Y8POjY00W6Fr4+tTDysfpt/6bs6eySRVY5rk5Krat7zz5gyY4yySrg348ko443yXMAyOfFRtdTmOvUvUpY6Owvqv5L9SJkrmslhc9yNaml41Wk2noOcwevi/Whq0kMex7kuf0y6ueTctrfH4YsdgsPFhJHxx05KpdJd5ILeYTwvwUjWSsc5a8SORV1oRDNrFFZFs6/DTo3Jwe/v9KWReWP8AZr8UL9EHIfLX+zX4oegoojwMy+QtANQEiqjtBQ1BQJ0Q/CHzf3vkRT1GY5fz7k/xeT0L/pu7rr6jF0B2nu+JXKLbNEJxUaZEAt9Adp7viHQHae74nm1k/JHsgy/lP/xUmnr3+D2kxzedVaV+XxMv2T7b3XEuxfFeyjK1J+iVhfJ2/wC/ifUsReDvJxo3nV1t5PiP0B2nu+JVKLbZbGcUkiIBb6A7T3fEOgO093xPNrJeSPZnyDy1/s1+KHoaMGX5XzKd0nLadt0a0a2p19RRosiqRnyNN2haAagPSFH/2Q==';

/**
 * A copy of `octets` in a Buffer that owns its whole ArrayBuffer (small Buffers are slices of a
 * shared pool, and some libraries read `.buffer` without `byteOffset`).
 */
export function octetsPropres(octets: Uint8Array): Buffer {
  const b = Buffer.allocUnsafeSlow(octets.length);
  b.set(octets);
  return b;
}

export function jpegPieceIdentite(): Uint8Array {
  return octetsPropres(Buffer.from(PIECE_IDENTITE_JPG, 'base64'));
}

export function jpegFacade(): Uint8Array {
  return octetsPropres(Buffer.from(FACADE_JPG, 'base64'));
}

let tableCrc: Uint32Array | undefined;

export function crc32(octets: Uint8Array): number {
  if (!tableCrc) {
    tableCrc = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      tableCrc[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (const o of octets) crc = (tableCrc[(crc ^ o) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function bloc(type: string, donnees: Uint8Array): Buffer {
  const b = Buffer.alloc(12 + donnees.length);
  b.writeUInt32BE(donnees.length, 0);
  b.write(type, 4, 'latin1');
  b.set(donnees, 8);
  b.writeUInt32BE(crc32(b.subarray(4, 8 + donnees.length)), 8 + donnees.length);
  return b;
}

/** Encodes an 8-bit palette image (one byte per pixel, row-major) as PNG. */
export function encoderPng(
  largeur: number,
  hauteur: number,
  palette: readonly (readonly [number, number, number])[],
  pixels: Uint8Array,
): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(largeur, 0);
  ihdr.writeUInt32BE(hauteur, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 3; // palette
  ihdr[10] = 0;
  ihdr[11] = 0;
  ihdr[12] = 0;
  const plte = Buffer.alloc(palette.length * 3);
  palette.forEach(([r, v, b], i) => {
    plte[3 * i] = r;
    plte[3 * i + 1] = v;
    plte[3 * i + 2] = b;
  });
  const brut = Buffer.alloc((largeur + 1) * hauteur);
  for (let y = 0; y < hauteur; y++) {
    brut[y * (largeur + 1)] = 0; // filter: none
    brut.set(pixels.subarray(y * largeur, (y + 1) * largeur), y * (largeur + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return octetsPropres(
    Buffer.concat([
      signature,
      bloc('IHDR', ihdr),
      bloc('PLTE', plte),
      bloc('IDAT', deflateSync(brut, { level: 9 })),
      bloc('IEND', new Uint8Array(0)),
    ]),
  );
}

/** A street plan with the requested emplacement hatched in red (plan-emplacement.png). */
export function pngPlanEmplacement(): Uint8Array {
  const L = 240;
  const H = 160;
  const palette = [
    [242, 239, 230], // 0 fond
    [176, 176, 176], // 1 chaussée
    [217, 207, 193], // 2 bâti
    [208, 49, 45], // 3 emplacement
    [64, 64, 64], // 4 traits
    [181, 211, 160], // 5 square
    [255, 255, 255], // 6 marquage
  ] as const;
  const px = new Uint8Array(L * H);
  const remplir = (x0: number, y0: number, x1: number, y1: number, c: number): void => {
    for (let y = Math.max(0, y0); y < Math.min(H, y1); y++)
      px.fill(c, y * L + Math.max(0, x0), y * L + Math.min(L, x1));
  };
  // Blocks of buildings and a square.
  remplir(8, 8, 100, 60, 2);
  remplir(140, 8, 232, 60, 5);
  remplir(8, 100, 100, 152, 2);
  remplir(140, 100, 232, 152, 2);
  // Two streets crossing, with their centre markings.
  remplir(0, 70, L, 90, 1);
  remplir(110, 0, 130, H, 1);
  for (let x = 0; x < L; x += 12) remplir(x, 79, x + 6, 81, 6);
  for (let y = 0; y < H; y += 12) remplir(119, y, 121, y + 6, 6);
  // The emplacement: a red hatched rectangle on the pavement, with a dark outline.
  for (let y = 62; y < 69; y++) for (let x = 30; x < 90; x++) if ((x + y) % 4 < 2) px[y * L + x] = 3;
  remplir(30, 61, 90, 62, 4);
  remplir(30, 69, 90, 70, 4);
  remplir(29, 61, 30, 70, 4);
  remplir(90, 61, 91, 70, 4);
  // North arrow.
  for (let i = 0; i < 8; i++) remplir(222 - i, 20 + 2 * i, 223 + i, 22 + 2 * i, 4);
  remplir(220, 36, 226, 48, 4);
  return encoderPng(L, H, palette, px);
}
