#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""--export-npz, --load-npz and --keras-script, checked with NumPy (python3-numpy).

    test-npz.py CLI [--mnist]
    test-npz.py --make-set DIR        (the generated set, for the app's test)
    test-npz.py --forward NPZ DIR     (prints "CORRECT N": NumPy's forward pass of DIR's t10k)

Without --mnist on a small generated set; with it on $MNIST_DIR's test set.  A forward pass
of the exported arrays in NumPy must give the engine's test accuracy to the last sample, the
arrays saved again by numpy.savez (and savez_compressed) must load and give the same
figures, wrong arrays must be refused saying why, and the Keras script must compile and hold
the values set.  Prints TAP.
"""
import ast
import gzip
import json
import os
import py_compile
import struct
import subprocess
import sys
import tempfile

import numpy as np

NAMES = ['dense_1/kernel', 'dense_1/bias', 'dense_2/kernel', 'dense_2/bias']
n_tests = 0
failed = False


def check(ok, what, detail=''):
    global n_tests, failed
    n_tests += 1
    print(('ok' if ok else 'not ok') + f' {n_tests} - {what}')
    if not ok:
        failed = True
        for line in str(detail).splitlines():
            print('# ' + line)


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


def write_idx(path, array):
    with open(path, 'wb') as f:
        f.write(struct.pack('>BBBB', 0, 0, 8, array.ndim))
        f.write(struct.pack('>' + 'I' * array.ndim, *array.shape))
        f.write(array.astype(np.uint8).tobytes())


def make_set(folder):
    """Digit d is a bright square at a place of its own, over noise: about 60 % learnt in 2 epochs, so many answers are close calls."""
    rng = np.random.default_rng(5)
    for prefix, n in (('train', 3000), ('t10k', 700)):
        labels = rng.integers(0, 10, n)
        images = rng.integers(0, 200, (n, 28, 28))
        for i, d in enumerate(labels):
            r, c = 2 + 5 * (d // 5), 2 + 5 * (d % 5)
            images[i, r:r + 3, c:c + 3] = 220
        write_idx(os.path.join(folder, f'{prefix}-images-idx3-ubyte'), images)
        write_idx(os.path.join(folder, f'{prefix}-labels-idx1-ubyte'), labels)


def run(cli, *args):
    r = subprocess.run([cli, *args], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL='C.UTF-8', LANGUAGE=''))
    return r.returncode, r.stdout, r.stderr


def test_result(out):
    return json.loads(out.strip().splitlines()[-1])


def forward_correct(weights, images, labels):
    x = images.reshape(len(images), -1).astype(np.float32) / np.float32(255)
    h = np.maximum(x @ weights['dense_1/kernel'] + weights['dense_1/bias'], 0)
    z = h @ weights['dense_2/kernel'] + weights['dense_2/bias']
    return int((z.argmax(axis=1) == labels).sum())


def check_export(cli, data, tmp):
    npz = os.path.join(tmp, 'w.npz')
    status, out, err = run(cli, *data, '--json', '--export-npz', npz)
    check(status == 0, 'a run exports its weights', err)
    result = test_result(out)
    w = np.load(npz)
    check(w.files == NAMES, 'the arrays are in get_weights() order', w.files)
    check(all(w[k].dtype == np.float32 for k in NAMES), 'the arrays are float32')
    check([w[k].shape for k in NAMES] == [(784, 32), (32,), (32, 10), (10,)],
          'the shapes are Keras\'s kernel and bias shapes', [w[k].shape for k in NAMES])
    folder = data[1] if data else os.environ['MNIST_DIR']
    images = load_idx(os.path.join(folder, 't10k-images-idx3-ubyte'))
    labels = load_idx(os.path.join(folder, 't10k-labels-idx1-ubyte'))
    correct = forward_correct(w, images, labels)
    check(0.3 < result['test_accuracy'] < 1.0 or '--mnist' in sys.argv,
          'the set is neither trivial nor unlearnt, so that errors would show',
          result['test_accuracy'])
    check(correct == round(result['test_accuracy'] * len(labels)),
          f'NumPy\'s forward pass gets the engine\'s accuracy to the sample ({correct}/'
          f'{len(labels)}, engine {result["test_accuracy"]})')
    return w, result


def check_round_trip(cli, data, tmp, w, result):
    for how in ('savez', 'savez_compressed'):
        path = os.path.join(tmp, how + '.npz')
        getattr(np, how)(path, **{k: w[k] for k in NAMES})
        status, out, err = run(cli, *data, '--json', '--epochs', '0', '--load-npz', path)
        back = test_result(out) if status == 0 else {}
        check(status == 0 and back.get('test_loss') == result['test_loss'] and
              back.get('test_accuracy') == result['test_accuracy'],
              f'weights from numpy.{how} load and give the same test figures', err + out)


def check_refused(cli, data, tmp, w):
    cases = [
        ('float64', {k: w[k].astype(np.float64) for k in NAMES}, 'dense_1/kernel: the data type'),
        ('transposed', dict({k: w[k] for k in NAMES},
                            **{'dense_1/kernel': np.ascontiguousarray(w['dense_1/kernel'].T)}),
         'dense_1/kernel: the shape is (32, 784), not (784, 32)'),
        ('no bias', {k: w[k] for k in NAMES[:3]}, 'no array “dense_2/bias”'),
        ('wrong output', dict({k: w[k] for k in NAMES},
                              **{'dense_2/bias': np.zeros(9, np.float32)}),
         'dense_2/bias: the shape is (9,), not (10,)'),
    ]
    for what, arrays, message in cases:
        path = os.path.join(tmp, 'bad.npz')
        np.savez(path, **arrays)
        status, out, err = run(cli, *data, '--epochs', '0', '--load-npz', path)
        check(status == 1 and message in err, f'a .npz with {what} arrays is refused', err)
    with open(os.path.join(tmp, 'text.npz'), 'w') as f:
        f.write('not a zip\n')
    status, out, err = run(cli, *data, '--epochs', '0', '--load-npz', f.name)
    check(status == 1 and 'Not a readable .npz' in err, 'a file that is no ZIP is refused', err)


def calls(tree):
    """name → keyword arguments (as Python values) of every call in the script."""
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            found.setdefault(name, []).append(
                ({k.arg: ast.literal_eval(k.value) for k in node.keywords
                  if isinstance(k.value, ast.Constant)},
                 [ast.unparse(a) for a in node.args]))
    return found


def check_script(cli, data, tmp):
    settings = ['--lr', '0.01', '--rho', '0.8', '--epsilon', '1e-06', '--batch-size', '64',
                '--hidden', '48', '--epochs', '1', '--seed', '7', '--validation-split', '0.2',
                '--early-stopping', '3', '--train-samples', '300', '--no-shuffle']
    for form in ('2', '3'):
        script = os.path.join(tmp, f'lesson{form}.py')
        extra = ['--decay', '0.0001'] if form == '2' else []
        status, out, err = run(cli, *data, '--quiet', '--keras', form, *settings, *extra,
                               '--keras-script', script)
        check(status == 0, f'Keras {form}: the script is written', err)
        try:
            py_compile.compile(script, doraise=True)
            compiled = True
        except py_compile.PyCompileError as e:
            compiled = e
        check(compiled is True, f'Keras {form}: python3 -m py_compile passes', compiled)
        with open(script) as f:
            text = f.read()
        c = calls(ast.parse(text))
        rms = c['RMSprop'][0][0]
        want = ({'lr': 0.01, 'rho': 0.8, 'epsilon': 1e-06, 'decay': 0.0001} if form == '2' else
                {'learning_rate': 0.01, 'rho': 0.8, 'epsilon': 1e-06})
        check(rms == want, f'Keras {form}: RMSprop holds the values set', rms)
        fit = c['model.fit'][0][0]
        check(fit == {'epochs': 1, 'batch_size': 64, 'shuffle': False, 'validation_split': 0.2},
              f'Keras {form}: fit() holds the values set', fit)
        stop = c['EarlyStopping'][0][0]
        want = {'monitor': 'val_loss', 'patience': 3}
        if form == '3':
            want['restore_best_weights'] = True
        check(stop == want, f'Keras {form}: EarlyStopping holds the patience', stop)
        seed = 'np.random.seed' if form == '2' else 'keras.utils.set_random_seed'
        check(c[seed][0][1] == ['7'], f'Keras {form}: the seed is set', c.get(seed))
        check(c['Dense'][0][1] == ['48'] and 'X_train[:300]' in text,
              f'Keras {form}: 48 hidden units, the first 300 samples')
        check(('Input(shape=(784,))' in text) == (form == '3') and
              ('np_utils' in text) == (form == '2'), f'Keras {form}: its own spelling')
        check('model.set_weights' in text and "NPZ = None" in text,
              f'Keras {form}: set_weights() lines, no file to load')


def main():
    cli = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        if '--mnist' in sys.argv:
            if not os.path.isdir(os.environ.get('MNIST_DIR', '')):
                print('1..0 # SKIP MNIST_DIR is not set' if not os.environ.get('CI') else
                      'not ok 1 - MNIST_DIR is not set')
                return 0 if not os.environ.get('CI') else 1
            data = []
        else:
            folder = os.path.join(tmp, 'set')
            os.mkdir(folder)
            make_set(folder)
            data = ['--data-dir', folder]
        w, result = check_export(cli, data, tmp)
        if '--mnist' not in sys.argv:
            check_round_trip(cli, data, tmp, w, result)
            check_refused(cli, data, tmp, w)
            check_script(cli, data, tmp)
    print(f'1..{n_tests}')
    return 1 if failed else 0


def helper():
    """The app's test (test-npz-app.c) makes its set and checks its export with these."""
    if sys.argv[1] == '--make-set':
        make_set(sys.argv[2])
    else:
        images = load_idx(os.path.join(sys.argv[3], 't10k-images-idx3-ubyte'))
        labels = load_idx(os.path.join(sys.argv[3], 't10k-labels-idx1-ubyte'))
        print(forward_correct(np.load(sys.argv[2]), images, labels), len(labels))
    return 0


if __name__ == '__main__':
    sys.exit(helper() if sys.argv[1] in ('--make-set', '--forward') else main())
