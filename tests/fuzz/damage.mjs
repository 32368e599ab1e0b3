// Damaged disk images from good ones, reproducibly: a seeded generator of
// bit flips, zeroed blocks, truncations and scrambled superblock regions.

/** xorshift32 from `seed`: next(n) is in 0..n-1. */
export function random(seed) {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** Metadata lives near the start of most images: damage aims there. */
const HOT = 1 << 20;

/** The kinds of damage, each (bytes, next) -> damaged copy and a label. */
export const DAMAGE = {
  bitflips(bytes, next) {
    const out = Uint8Array.from(bytes);
    const flips = 1 + next(64);
    for (let i = 0; i < flips; i++) out[next(Math.min(HOT, out.length))] ^= 1 << next(8);
    return [out, `${flips} bit flips`];
  },
  zeroed(bytes, next) {
    const out = Uint8Array.from(bytes);
    const blocks = 1 + next(8);
    for (let i = 0; i < blocks; i++) {
      const at = next(Math.floor(Math.min(HOT, out.length) / 4096)) * 4096;
      out.fill(0, at, at + 4096);
    }
    return [out, `${blocks} zeroed blocks`];
  },
  truncated(bytes, next) {
    const length = next(bytes.length);
    return [bytes.slice(0, length - (length % 512)), `truncated to ${length - (length % 512)}`];
  },
  scrambled(bytes, next) {
    const out = Uint8Array.from(bytes);
    const at = next(Math.min(65536, out.length - 64));
    for (let i = 0; i < 64; i++) out[at + i] = next(256);
    return [out, `64 random bytes at ${at}`];
  },
};

/** The `index`-th damaged image of `bytes` for `seed`: [bytes, label]. */
export function damaged(bytes, seed, index) {
  const next = random((seed * 7919 + index * 104729) >>> 0);
  const kinds = Object.keys(DAMAGE);
  const kind = kinds[next(kinds.length)];
  const [out, label] = DAMAGE[kind](bytes, next);
  return [out, `${kind}: ${label}`];
}
