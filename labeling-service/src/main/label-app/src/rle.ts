/**
 * The labeling API's mask encoding (labeling-service MaskRle): base64 of the lengths of alternating
 * runs of 0 and 1 pixels, row by row, starting with 0, each an unsigned LEB128 varint.
 */
export function encodeMask(mask: ArrayLike<number>, value: number): string {
  const out: number[] = [];
  let current = 0;
  let run = 0;
  const put = (v: number) => {
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
  };
  for (let i = 0; i < mask.length; i++) {
    const v = mask[i] === value ? 1 : 0;
    if (v === current) {
      run++;
    } else {
      put(run);
      current = v;
      run = 1;
    }
  }
  put(run);
  let s = '';
  for (const b of out) {
    s += String.fromCharCode(b);
  }
  return btoa(s);
}

/** Decodes a mask; calls inside(i) for each pixel of the mask. */
export function decodeMask(b64: string, pixels: number, inside: (i: number) => void): void {
  const bin = atob(b64);
  let pos = 0;
  let value = 0;
  let i = 0;
  while (i < bin.length) {
    let run = 0;
    let shift = 0;
    for (;;) {
      const b = bin.charCodeAt(i++);
      run += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        break;
      }
      shift += 7;
    }
    if (pos + run > pixels) {
      throw new Error('mask runs exceed the image');
    }
    if (value === 1) {
      for (let k = pos; k < pos + run; k++) {
        inside(k);
      }
    }
    pos += run;
    value ^= 1;
  }
}
