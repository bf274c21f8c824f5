// The course library, everything exported from here, grouped in the order the articles use it.
// Notebooks import it as `import { ... } from "./unrolled";` (see notebooks/unrolled.ts).

// Matrices and random numbers: mathjs matrices, their shapes, seeded generators.
export * from "./matrix";
export * from "./random";

// Text to ids (article 01): tokens, the special tokens, one vocabulary, one-hot vectors, padding and masks.
export * from "./text/tokenize";
export * from "./text/special-tokens";
export * from "./text/token-ids";
export * from "./text/vocabulary";
export * from "./text/one-hot";
export * from "./text/padding";
export * from "./text/real-words";

// The vanilla RNN, readable (articles 02-04): parameters, the cell forward and backward, the unrolled
// sequence, the loss, backpropagation through time, min-char-rnn's lossFun, gradient checks, parameter counts.
export * from "./rnn/params";
export * from "./rnn/cell";
export * from "./rnn/softmax";
export * from "./rnn/sequence";
export * from "./rnn/loss";
export * from "./rnn/backprop";
export * from "./rnn/loss-and-gradients";
export * from "./rnn/gradient-check";
export * from "./rnn/parameter-count";

// Gated cells, readable form (LSTM, GRU, article 08): one mathjs call per equation.
export * from "./cells/gates";
export * from "./cells/output";
export * from "./cells/through-time";
export * from "./cells/lstm";
export * from "./cells/gru";

// The one fast recurrent layer (rnn, lstm, gru over minibatches): typed arrays and WebAssembly SIMD.
export * from "./fast/loss-and-gradients-fast";
export * from "./fast/layer";

// Training (article 05): clipping, optimizers, finite checks, the one training loop.
export * from "./training/clipping";
export * from "./training/optimizers";
export * from "./training/finite";
export * from "./training/train";

// Models (articles 05-06), each on the fast layer with any cell kind: the character model, sampling, and
// the four kinds of RNN.
export * from "./models/sampling";
export * from "./models/char-model";
export * from "./models/model-params";
export * from "./models/output-head";
export * from "./models/last-states";
export * from "./models/gradient-buffers";
export * from "./models/labels";
export * from "./models/tagger";
export * from "./models/classifier";
export * from "./models/generator";
export * from "./models/encoder-decoder";

// Memory (article 07): gradients by lag, input influence, the first-token task and its experiment.
export * from "./memory/scaled-rotation";
export * from "./memory/gradient-by-lag";
export * from "./memory/input-influence";
export * from "./memory/first-token-task";
export * from "./memory/memory-experiment";
export * from "./memory/memory-sweep";
export * from "./memory/memory-sweep-results";

// Data shipped with the course, each with its source (data/README.md).
export * from "./data/sonnets";
export * from "./data/all-sonnets";
export * from "./data/char-rnn-checkpoint";
export * from "./data/restaurant-reviews";
export * from "./data/kitchen-tags";
export * from "./data/dog-names";
export * from "./data/reversal";

// Figures: Plotly charts, SVG diagrams, escaped HTML tables.
export * from "./plots/figure";
export * from "./plots/plotly-text";
export * from "./plots/one-hot";
export * from "./plots/parameter-count";
export * from "./plots/sequences";
export * from "./plots/heatmap";
export * from "./plots/lines";
export * from "./plots/diagram";
export * from "./plots/table";
export * from "./plots/rnn-types";
export * from "./plots/explorable";

// Checks for exercises: messages that teach.
export * from "./checks";
