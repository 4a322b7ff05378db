"""Prints the L3 slice index and a square inside the paraspinal muscle there (x,y,w,h), from a
test-studies ground-truth.json and its label PNGs (8-bit grey, read without third-party modules)."""
import json, os, struct, sys, zlib


def png(path):
    d = open(path, 'rb').read()
    i, idat, w, h = 8, b'', 0, 0
    while i < len(d):
        n = struct.unpack('>I', d[i:i + 4])[0]
        t, c = d[i + 4:i + 8], d[i + 8:i + 8 + n]
        i += 12 + n
        if t == b'IHDR':
            w, h, depth, kind = struct.unpack('>IIBB', c[:10])
            assert depth == 8 and kind == 0, 'an 8-bit grey PNG'
        elif t == b'IDAT':
            idat += c
    raw, out, prev, p = zlib.decompress(idat), bytearray(), bytearray(w), 0
    for _ in range(h):
        f, line = raw[p], bytearray(raw[p + 1:p + 1 + w])
        p += 1 + w
        for x in range(w):
            a = line[x - 1] if x else 0
            b = prev[x]
            c = prev[x - 1] if x else 0
            if f == 1: line[x] = (line[x] + a) & 255
            elif f == 2: line[x] = (line[x] + b) & 255
            elif f == 3: line[x] = (line[x] + ((a + b) >> 1)) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, out


truth = sys.argv[1]
g = json.load(open(truth))
s = g['series'][0]
ct = s['ct']
l3 = ct['l3SliceIndex']
maps = sorted(s['labelMaps'])
w, h, lab = png(os.path.join(os.path.dirname(truth), maps[l3]))
t, half = ct['labels']['paraspinal_muscle'], 5
for y in range(half, h - half):
    for x in range(half, w - half):
        if lab[y * w + x] == t and all(lab[(y + dy) * w + x + dx] == t for dy in range(-half, half + 1) for dx in range(-half, half + 1)):
            print(l3, f'{x - half},{y - half},{2 * half + 1},{2 * half + 1}')
            sys.exit(0)
sys.exit('no square inside the paraspinal muscle at L3')
