/**
 * How much each earlier input still moves the current hidden state of a vanilla RNN: z[t][k] = ‖∂h_t/∂x_k‖
 * (Frobenius norm; t and k count from 0, so z[t][k] is the state after token t + 1 and input k + 1) for
 * k ≤ t, 0 for later inputs (they cannot move it). The states come from the fast layer's forward pass;
 * with a_k the pre-activation at step k the Jacobians are
 *   ∂h_k/∂x_k = diag(1 - h_k ⊙ h_k)·Wxh,   ∂h_s/∂x_k = diag(1 - h_s ⊙ h_s)·Whh·∂h_{s-1}/∂x_k   (s > k)
 * The article's picture: recent inputs weigh more, older inputs less.
 *
 * @example
 *   const z = inputInfluence(params, [5, 9, 4]);   // (3 × 3), z[2][0] is how much x_1 still moves h_3
 */
import type { Matrix } from "mathjs";
import { layerForward } from "../fast/layer";
import { rowsOf, type MatrixSet } from "../matrix";
import { cellParams } from "../models/model-params";

export function inputInfluence(params: MatrixSet, inputs: number[], h0?: Matrix): number[][] {
  const pass = layerForward("rnn", cellParams("rnn", params), [inputs], { h0 });
  const Wxh = rowsOf(params.Wxh, "Wxh"), Whh = rowsOf(params.Whh, "Whh");
  const T = inputs.length, H = Whh.length, V = Wxh[0].length;
  const hs = Array.from({ length: T + 1 }, (_, t) => rowsOf(pass.state(t)).map(([v]) => v)); // hs[t] = h_t (H)
  const z = Array.from({ length: T }, () => new Array<number>(T).fill(0));
  for (let k = 0; k < T; k++) {
    const hk = hs[k + 1];
    let J = Wxh.map((row, i) => row.map((w) => (1 - hk[i] * hk[i]) * w)); // (H, V) = ∂h_k/∂x_k
    z[k][k] = frobenius(J);
    for (let s = k + 1; s < T; s++) {
      const h = hs[s + 1];
      const next: number[][] = [];
      for (let i = 0; i < H; i++) {
        const row = new Array<number>(V).fill(0); // (V)
        for (let j = 0; j < H; j++) {
          const w = Whh[i][j];
          if (w !== 0) for (let c = 0; c < V; c++) row[c] += w * J[j][c];
        }
        const slope = 1 - h[i] * h[i];
        next.push(row.map((v) => slope * v));
      }
      J = next; // (H, V) = ∂h_s/∂x_k
      z[s][k] = frobenius(J);
    }
  }
  return z;
}

function frobenius(m: number[][]): number {
  let total = 0;
  for (const row of m) for (const v of row) total += v * v;
  return Math.sqrt(total);
}
