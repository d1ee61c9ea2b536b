"""What the client adds to a training step that logs 5 metrics: a small MLP trained on the CPU with Debian's PyTorch,
in rounds that alternate between logging every step through the client (queued, sent by its thread every second to a
running Anneal) and not logging, so both meet the same machine. Prints each round and the ratio of the medians.

Run against a running Anneal: ANNEAL_URL=http://localhost:8080 ANNEAL_TOKEN=anl_... \\
    /usr/bin/python3 src/test/python/bench_client_overhead.py   (BENCH_HIDDEN=32 for a short step)
"""

import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "main", "python"))

import anneal_log  # noqa: E402
import torch  # noqa: E402

STEPS = int(os.environ.get("BENCH_STEPS", "400"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
#: the hidden layers' width: 512 (and 256) by default; a narrow net makes a step short and the client's share large
HIDDEN = int(os.environ.get("BENCH_HIDDEN", "512"))


def main():
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, HIDDEN), torch.nn.ReLU(), torch.nn.Linear(HIDDEN, HIDDEN // 2),
                                torch.nn.ReLU(), torch.nn.Linear(HIDDEN // 2, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=100, T_mult=2)
    x = torch.randn(4096, 784)
    y = torch.randint(0, 10, (4096,))
    run = anneal_log.start(os.environ["ANNEAL_URL"], os.environ["ANNEAL_TOKEN"], name="client overhead benchmark")
    step = 0

    def train(logging):
        nonlocal step
        start = time.perf_counter()
        for _ in range(STEPS):
            batch = torch.randint(0, 4096, (128,))
            out = model(x[batch])
            loss = torch.nn.functional.cross_entropy(out, y[batch])
            opt.zero_grad()
            loss.backward()
            opt.step()
            scheduler.step()
            # the figures are computed either way: what is measured is what logging them costs
            value, acc = loss.item(), (out.argmax(1) == y[batch]).float().mean().item()
            if logging:
                run.log(step, train_loss=value, train_acc=acc, lr=opt.param_groups[0]["lr"], grad_norm=1.0,
                        epoch=step / 32)
            step += 1
        return (time.perf_counter() - start) / STEPS

    train(True)  # warm-up
    train(False)
    with_client, without = [], []
    for r in range(ROUNDS):
        with_client.append(train(True))
        without.append(train(False))
        print("round %d: %.3f ms a step logging, %.3f ms not" % (r, 1000 * with_client[-1], 1000 * without[-1]))
    run.finish()
    ratio = statistics.median(with_client) / statistics.median(without)
    print("median step: %.3f ms logging 5 metrics, %.3f ms not: the client adds %.2f %%"
          % (1000 * statistics.median(with_client), 1000 * statistics.median(without), 100 * (ratio - 1)))


if __name__ == "__main__":
    main()
