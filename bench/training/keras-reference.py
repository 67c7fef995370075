"""TF Keras reference of bench/training's reference network, driven by native-vs-keras.bench.ts.

Same network (conv3x3 32/64/128 without bias, each + BatchNormalization + ReLU, maxpool 2 after
the second, global average pool, dense 10), loss (softmax cross-entropy + 1e-4 * sum|gamma|),
optimizer (Adam 1e-3) and batch as the TypeScript side. Reads commands from stdin, one per line:
`steps N` runs N training steps and answers one JSON line {"ms": [...]} (wall time per step,
each ending with the loss read back, as ours do). Started with --mode=graph (tf.function) or
--mode=eager.
"""
import argparse
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import tensorflow as tf  # noqa: E402

GAMMA_L1 = 1e-4


def build():
    k = tf.keras.layers
    layers = [k.Input((28, 28, 1))]
    for filters, pool in ((32, False), (64, True), (128, False)):
        layers += [k.Conv2D(filters, 3, padding="same", use_bias=False), k.BatchNormalization(), k.ReLU()]
        if pool:
            layers.append(k.MaxPooling2D(2))
    layers += [k.GlobalAveragePooling2D(), k.Dense(10)]
    return tf.keras.Sequential(layers)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", choices=["graph", "eager"], default="graph")
    parser.add_argument("--batch", type=int, default=64)
    args = parser.parse_args()
    model = build()
    gammas = [l.gamma for l in model.layers if isinstance(l, tf.keras.layers.BatchNormalization)]
    optimizer = tf.keras.optimizers.Adam(1e-3)
    ce = tf.keras.losses.CategoricalCrossentropy(from_logits=True)
    rng = tf.random.Generator.from_seed(7)
    xs = rng.uniform((args.batch, 28, 28, 1))
    ys = tf.one_hot(rng.uniform((args.batch,), 0, 10, dtype=tf.int32), 10)

    def step():
        with tf.GradientTape() as tape:
            logits = model(xs, training=True)
            loss = ce(ys, logits) + GAMMA_L1 * tf.add_n([tf.reduce_sum(tf.abs(g)) for g in gammas])
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    run = tf.function(step) if args.mode == "graph" else step
    for _ in range(3):
        float(run())
    print(json.dumps({"ready": True, "tensorflow": tf.__version__, "mode": args.mode,
                      "params": int(model.count_params()),
                      "intraOpThreads": tf.config.threading.get_intra_op_parallelism_threads()}),
          flush=True)
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "steps":
            ms = []
            for _ in range(int(parts[1])):
                start = time.perf_counter()
                float(run())
                ms.append((time.perf_counter() - start) * 1000)
            print(json.dumps({"ms": ms}), flush=True)
        elif parts[0] == "quit":
            break


if __name__ == "__main__":
    main()
