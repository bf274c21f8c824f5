/**
 * The GRU cell (Cho et al. 2014, the reset applied before Whh) on the fast layer's workspace, all B
 * sequences at once. z and r are one (2H, H) product on h_{t-1}; h̃ is a second one on r ⊙ h_{t-1}.
 *   forward   z = σ(Wxz·x + Whz·h_{t-1} + bz)    r = σ(Wxr·x + Whr·h_{t-1} + br)
 *             h̃ = tanh(Wxh·x + Whh·(r ⊙ h_{t-1}) + bh)     h_t = z ⊙ h_{t-1} + (1 - z) ⊙ h̃
 *   backward  dh̃_raw = dh_t ⊙ (1 - z) ⊙ (1 - h̃²)          d(r⊙h) = Whhᵀ·dh̃_raw
 *             dz_raw = dh_t ⊙ (h_{t-1} - h̃) ⊙ z(1 - z)    dr_raw = d(r⊙h) ⊙ h_{t-1} ⊙ r(1 - r)
 *             dh_{t-1} = dh_t ⊙ z + d(r⊙h) ⊙ r + [Whz Whr]ᵀ·[dz dr]_raw
 *
 * @example
 *   recurrentLossAndGradients("gru", params, batch);   // layer.ts runs gruCell's two functions
 */
import { preActivation, sigmoidInPlace, tanhInPlace, type BackIo, type FastCell, type Pass } from "./layout";

export const gruCell: FastCell = {
  kind: "gru",
  gates: [
    ["Wxz", "Whz", "bz"],
    ["Wxr", "Whr", "br"],
    ["Wxh", "Whh", "bh"],
  ],
  groups: [2, 1],
  groupInputs: ["h", "extra"],
  hasCell: false,
  hasExtra: true, // r ⊙ h_{t-1}

  forward(pass: Pass, t: number): void {
    const { w, L } = pass;
    const { B, H } = L;
    const hPrev = L.h(t - 1), rh = L.ex(t), h = L.h(t);
    const zr = preActivation(pass, 0, t, hPrev); // (B, 2H) pre-activations [z r]
    sigmoidInPlace(w, zr, B * 2 * H); // z, r
    for (let b = 0; b < B; b++) {
      const g = zr + b * 2 * H, s = b * H;
      for (let j = 0; j < H; j++) w[rh + s + j] = w[g + H + j] * w[hPrev + s + j];
    }
    const hc = preActivation(pass, 1, t, rh); // (B, H) Wxh·x + Whh·(r ⊙ h_{t-1}) + bh
    tanhInPlace(w, hc, B * H); // h̃
    for (let b = 0; b < B; b++) {
      const g = zr + b * 2 * H, s = b * H;
      for (let j = 0; j < H; j++) {
        const z = w[g + j];
        w[h + s + j] = z * w[hPrev + s + j] + (1 - z) * w[hc + s + j];
      }
    }
  },

  backward(pass: Pass, t: number, io: BackIo): void {
    const { w, L } = pass;
    const { B, H } = L;
    const zr = L.acts(0, t), hc = L.acts(1, t), hPrev = L.h(t - 1);
    const [dzr, dhc] = io.pre;
    const dRh = L.scratch[7]; // (B, H) the gradient reaching r ⊙ h_{t-1}
    for (let i = 0; i < B * H; i++) {
      const b = (i / H) | 0, z = w[zr + b * 2 * H + (i - b * H)], cand = w[hc + i];
      w[dhc + i] = w[io.dh + i] * (1 - z) * (1 - cand * cand);
    }
    pass.k.combineRows(dhc, B, L.wh + 2 * H * H, H, H, dRh); // (B, H) Whhᵀ·dh̃_raw
    for (let b = 0; b < B; b++) {
      const g = zr + b * 2 * H, s = b * H;
      for (let j = 0; j < H; j++) {
        const z = w[g + j], r = w[g + H + j], hp = w[hPrev + s + j], dh = w[io.dh + s + j];
        w[dzr + b * 2 * H + j] = dh * (hp - w[hc + s + j]) * z * (1 - z);
        w[dzr + b * 2 * H + H + j] = w[dRh + s + j] * hp * r * (1 - r);
      }
    }
    pass.k.combineRows(dzr, B, L.wh, 2 * H, H, io.dhPrev); // (B, H) [Whz Whr]ᵀ·[dz dr]_raw
    for (let b = 0; b < B; b++) {
      const g = zr + b * 2 * H, s = b * H;
      for (let j = 0; j < H; j++) w[io.dhPrev + s + j] += w[io.dh + s + j] * w[g + j] + w[dRh + s + j] * w[g + H + j];
    }
  },
};
