"""Optuna's side of the orchestration bench: a grid study over the same strengths x thresholds
as the MorphSweep sweep, stored in PostgreSQL, run by `--workers` processes (the way Optuna
distributes a study: processes sharing one RDB storage). Each trial does what a no-op
MorphSweep cell does: records one metric point and a (cost, accuracy) result. Prints one JSON
line: trials, complete trials, wall seconds (from every worker ready to the last finished)
and the workers' CPU seconds over that time.

Usage: python optuna-grid.py --storage postgresql+psycopg2://... --cells N [--workers 2]
"""

import argparse
import json
import multiprocessing
import time

import optuna

THRESHOLDS = [0.01, 0.1]


def grid(cells):
    return {
        "strength": [1e-9 * (i + 1) for i in range(cells // len(THRESHOLDS))],
        "threshold": THRESHOLDS,
    }


def objective(trial):
    strength = trial.suggest_float("strength", 1e-10, 1.0)
    threshold = trial.suggest_float("threshold", 0.0, 1.0)
    cost = 1 / strength
    # MorphSweep stores one metric point per no-op cell; a multi-objective trial cannot
    # report() intermediate values, so the point is a user attribute (one row either way).
    trial.set_user_attr(
        "metrics", [{"step": 1, "taskLoss": 1, "regLoss": 0, "cost": cost, "accuracy": 0.5}]
    )
    return cost, 0.5 + threshold


def work(storage, name, cells, barrier, times):
    # Two workers sharing a grid re-evaluate a point or two at its end; Optuna warns each time.
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    study = optuna.load_study(
        study_name=name, storage=storage, sampler=optuna.samplers.GridSampler(grid(cells))
    )
    barrier.wait()
    start, cpu = time.time(), time.process_time()
    study.optimize(objective)  # the grid sampler stops the study once every point is done
    times.put((start, time.time(), time.process_time() - cpu))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--storage", required=True)
    parser.add_argument("--cells", type=int, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    if args.cells < len(THRESHOLDS) or args.cells % len(THRESHOLDS):
        parser.error(f"--cells must be a positive multiple of {len(THRESHOLDS)}")
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    name = f"bench-{args.cells}-{time.time_ns()}"
    optuna.create_study(
        study_name=name, storage=args.storage, directions=["minimize", "maximize"]
    )
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.workers)
    times = context.Queue()
    procs = [
        context.Process(target=work, args=(args.storage, name, args.cells, barrier, times))
        for _ in range(args.workers)
    ]
    for p in procs:
        p.start()
    spans = [times.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"an Optuna worker exited with {p.exitcode}")
    trials = optuna.load_study(study_name=name, storage=args.storage).get_trials(deepcopy=False)
    complete = sum(t.state == optuna.trial.TrialState.COMPLETE for t in trials)
    wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
    cpu = sum(cpu for _, _, cpu in spans)
    print(
        json.dumps(
            {"trials": len(trials), "complete": complete, "wallS": round(wall, 2), "cpuS": round(cpu, 2)}
        )
    )


if __name__ == "__main__":
    main()
