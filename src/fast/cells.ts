/**
 * The fast layer's cells by kind: the step functions of rnn-step.ts, lstm-step.ts and gru-step.ts.
 *
 * @example
 *   cellOf("gru").gates;   // [["Wxz", "Whz", "bz"], ["Wxr", "Whr", "br"], ["Wxh", "Whh", "bh"]]
 */
import { gruCell } from "./gru-step";
import type { CellKind, FastCell } from "./layout";
import { lstmCell } from "./lstm-step";
import { rnnCell } from "./rnn-step";

const CELLS: { [kind in CellKind]: FastCell } = { rnn: rnnCell, lstm: lstmCell, gru: gruCell };

/** The step functions of a cell kind; a clear error for an unknown kind. */
export function cellOf(kind: CellKind): FastCell {
  const cell = CELLS[kind];
  if (!cell) throw new RangeError(`Unknown cell kind "${kind}": expected "rnn", "lstm" or "gru".`);
  return cell;
}
