/**
 * The LSTM cell (D2L's, with a forget gate and no peepholes) on the fast layer's workspace, all B
 * sequences at once. The four gates are stacked [i, f, o, c̃] in one (4H, H) product per step.
 *   forward   i = σ(Wxi·x + Whi·h_{t-1} + bi)    f = σ(Wxf·x + Whf·h_{t-1} + bf)
 *             o = σ(Wxo·x + Who·h_{t-1} + bo)    c̃ = tanh(Wxc·x + Whc·h_{t-1} + bc)
 *             c_t = f ⊙ c_{t-1} + i ⊙ c̃          h_t = o ⊙ tanh(c_t)
 *   backward  dc = dc_t + dh_t ⊙ o ⊙ (1 - tanh²(c_t))   (from this step's h, and from the step after)
 *             di = dc ⊙ c̃   df = dc ⊙ c_{t-1}   do = dh_t ⊙ tanh(c_t)   dc̃ = dc ⊙ i
 *             through σ: dgate ⊙ gate ⊙ (1 - gate);  through tanh: dc̃ ⊙ (1 - c̃²)
 *             dh_{t-1} = [Whi Whf Who Whc]ᵀ·[di df do dc̃]_raw      dc_{t-1} = dc ⊙ f
 *
 * @example
 *   recurrentLossAndGradients("lstm", params, batch, { c0 });   // layer.ts runs lstmCell's two functions
 */
import { preActivation, sigmoidInPlace, tanhInPlace, type BackIo, type FastCell, type Pass } from "./layout";

export const lstmCell: FastCell = {
  kind: "lstm",
  gates: [
    ["Wxi", "Whi", "bi"],
    ["Wxf", "Whf", "bf"],
    ["Wxo", "Who", "bo"],
    ["Wxc", "Whc", "bc"],
  ],
  groups: [4],
  groupInputs: ["h"],
  hasCell: true,
  hasExtra: true, // tanh(c_t)

  forward(pass: Pass, t: number): void {
    const { w, L } = pass;
    const { B, H } = L;
    const gates = preActivation(pass, 0, t, L.h(t - 1)); // (B, 4H) pre-activations [i f o c̃]
    const cPrev = L.c(t - 1), c = L.c(t), h = L.h(t), tc = L.ex(t);
    for (let b = 0; b < B; b++) {
      const g = gates + b * 4 * H, s = b * H;
      sigmoidInPlace(w, g, 3 * H); // i, f, o
      tanhInPlace(w, g + 3 * H, H); // c̃
      for (let j = 0; j < H; j++) {
        w[c + s + j] = w[g + H + j] * w[cPrev + s + j] + w[g + j] * w[g + 3 * H + j]; // f ⊙ c_{t-1} + i ⊙ c̃
      }
      w.copyWithin(tc + s, c + s, c + s + H);
      tanhInPlace(w, tc + s, H); // tanh(c_t)
      for (let j = 0; j < H; j++) w[h + s + j] = w[g + 2 * H + j] * w[tc + s + j];
    }
  },

  backward(pass: Pass, t: number, io: BackIo): void {
    const { w, L } = pass;
    const { B, H } = L;
    const gates = L.acts(0, t), cPrev = L.c(t - 1), tc = L.ex(t), raw = io.pre[0];
    for (let b = 0; b < B; b++) {
      const g = gates + b * 4 * H, d = raw + b * 4 * H, s = b * H;
      for (let j = 0; j < H; j++) {
        const i = w[g + j], f = w[g + H + j], o = w[g + 2 * H + j], cc = w[g + 3 * H + j], tanhC = w[tc + s + j];
        const dh = w[io.dh + s + j];
        const dc = w[io.dc + s + j] + dh * o * (1 - tanhC * tanhC);
        w[d + j] = dc * cc * i * (1 - i);
        w[d + H + j] = dc * w[cPrev + s + j] * f * (1 - f);
        w[d + 2 * H + j] = dh * tanhC * o * (1 - o);
        w[d + 3 * H + j] = dc * i * (1 - cc * cc);
        w[io.dcPrev + s + j] = dc * f;
      }
    }
    pass.k.combineRows(raw, B, L.wh, 4 * H, H, io.dhPrev); // (B, H) dh_{t-1} = [Whi Whf Who Whc]ᵀ·raw
  },
};
