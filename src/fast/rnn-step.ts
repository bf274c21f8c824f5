/**
 * The vanilla cell on the fast layer's workspace, all B sequences of the batch at once (backprop.ts is
 * the readable form of the same lines):
 *   forward   h_t = tanh(Wxh·x_t + Whh·h_{t-1} + bh)
 *   backward  dhraw_t = (1 - h_t ⊙ h_t) ⊙ dh_t        (the gradient of the pre-activation)
 *             dh_{t-1} = Whhᵀ·dhraw_t                  (dWxh, dWhh, dbh are summed from dhraw by layer.ts)
 *
 * @example
 *   recurrentLossAndGradients("rnn", params, batch);   // layer.ts runs rnnCell's two functions
 */
import { preActivation, type BackIo, type FastCell, type Pass } from "./layout";

export const rnnCell: FastCell = {
  kind: "rnn",
  gates: [["Wxh", "Whh", "bh"]],
  groups: [1],
  groupInputs: ["h"],
  hasCell: false,
  hasExtra: false,

  forward(pass: Pass, t: number): void {
    const { w, L } = pass;
    const n = L.B * L.H;
    const pre = preActivation(pass, 0, t, L.h(t - 1)); // (B, H) Wxh·x_t + Whh·h_{t-1} + bh
    const h = L.h(t);
    for (let i = 0; i < n; i++) w[h + i] = w[pre + i] = Math.tanh(w[pre + i]);
  },

  backward(pass: Pass, t: number, io: BackIo): void {
    const { w, L } = pass;
    const { B, H } = L;
    const h = L.h(t), raw = io.pre[0];
    for (let i = 0; i < B * H; i++) w[raw + i] = (1 - w[h + i] * w[h + i]) * w[io.dh + i]; // (B, H) through tanh
    pass.k.combineRows(raw, B, L.wh, H, H, io.dhPrev); // (B, H) dh_{t-1} = Whhᵀ·dhraw_t
  },
};
