#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The lesson in PyTorch, for comparison with digit-trainer-cli (apt-get install python3-torch).

Same data (÷255), model (784→32→ReLU→10), glorot-uniform init, zero biases, RMSprop with
Keras's settings (PyTorch's alpha is Keras's rho; both add ε after the square root), batches
of 32 reshuffled every epoch.  Prints the seconds per epoch of the training loop alone, the
test accuracy, the whole run's time and peak RSS.

    build-aux/bench-torch.py [MNIST_DIR] [THREADS]
"""
import gzip
import os
import resource
import sys
import time

start = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402


def load_idx(path):
    for candidate in (path, path + '.gz'):
        if os.path.exists(candidate):
            opener = gzip.open if candidate.endswith('.gz') else open
            with opener(candidate, 'rb') as f:
                data = f.read()
            rank = data[3]
            dims = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], 'big') for i in range(rank)]
            return np.frombuffer(data, np.uint8, offset=4 + 4 * rank).reshape(dims)
    raise SystemExit(f'missing {path}')


def main():
    default = os.path.join(os.environ.get('XDG_DATA_HOME', os.path.expanduser('~/.local/share')),
                           'digit-trainer', 'mnist')
    data_dir = sys.argv[1] if len(sys.argv) > 1 else os.environ.get('MNIST_DIR', default)
    threads = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    torch.set_num_threads(threads)
    torch.manual_seed(1337)

    x_train = torch.from_numpy(load_idx(os.path.join(data_dir, 'train-images-idx3-ubyte'))
                               .reshape(-1, 784).astype(np.float32) / 255)
    y_train = torch.from_numpy(load_idx(os.path.join(data_dir, 'train-labels-idx1-ubyte'))
                               .astype(np.int64))
    x_test = torch.from_numpy(load_idx(os.path.join(data_dir, 't10k-images-idx3-ubyte'))
                              .reshape(-1, 784).astype(np.float32) / 255)
    y_test = torch.from_numpy(load_idx(os.path.join(data_dir, 't10k-labels-idx1-ubyte'))
                              .astype(np.int64))

    model = torch.nn.Sequential(torch.nn.Linear(784, 32), torch.nn.ReLU(), torch.nn.Linear(32, 10))
    for layer in (model[0], model[2]):
        torch.nn.init.xavier_uniform_(layer.weight)
        torch.nn.init.zeros_(layer.bias)
    # PyTorch's alpha is Keras's rho
    opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-8)
    loss_fn = torch.nn.CrossEntropyLoss()

    for epoch in range(2):
        t0 = time.perf_counter()
        perm = torch.randperm(60000)
        total = correct = 0.0
        for i in range(0, 60000, 32):
            idx = perm[i:i + 32]
            xb, yb = x_train[idx], y_train[idx]
            opt.zero_grad()
            out = model(xb)
            loss = loss_fn(out, yb)
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            correct += (out.argmax(1) == yb).sum().item()
        secs = time.perf_counter() - t0
        print(f'epoch {epoch + 1}: {secs:.3f} s  loss {total / 60000:.4f}  acc {correct / 60000:.4f}')
    with torch.no_grad():
        acc = (model(x_test).argmax(1) == y_test).float().mean().item()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f'test accuracy {acc:.4f}  whole run {time.perf_counter() - start:.2f} s  '
          f'peak RSS {rss:.0f} MB  threads {threads}')


if __name__ == '__main__':
    main()
