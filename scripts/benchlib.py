"""Shared helpers of the benchmark scripts (scripts/bench-*, scripts/check-optimum).

Every measured program runs in a fresh child process, one at a time; its wall time is taken around the child, its CPU
time comes from `os.wait4` (the resource usage of that one child, not of all children as `getrusage(RUSAGE_CHILDREN)`
would give), and its peak resident set size from GNU time (`/usr/bin/time -f %M`, Debian package `time`), which
starts the program from a small process. `wait4`'s own `ru_maxrss` cannot be used: Linux carries the high-water mark
of the memory a process had before `exec` into the new program's figure, so a child started from this Python process
reports at least the Python process's own peak at that moment (`/bin/true` started from a Python process holding
400 MiB reports 413 MiB). Python peers run as workers of the calling script
(`SCRIPT --worker NAME --spec JSON`), print one JSON line with their own phase timings and are measured the same way.

numpy / scipy / scikit-learn children get the environment without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (set on
these machines for old OpenBLAS builds; see /work/shared/PLATFORM.md), so that numpy's bundled OpenBLAS picks its
own kernel; the worker reports the kernel that threadpoolctl shows.
"""
import datetime
import gzip
import json
import os
import platform
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATASETS = REPO_ROOT.parent / "shared" / "datasets"
DEFAULT_STANCE = REPO_ROOT / ".build" / "release" / "stance"
OPENBLAS_OVERRIDES = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


# ---------------------------------------------------------------------------------------------------------------
# Running and measuring children


class Measured:
    """Wall time (s), CPU time (user + system, s), peak RSS (MiB), exit status and output of one child process.

    The machine is shared: when other jobs compete for the cores, wall time grows but CPU time hardly does, so both
    are reported."""

    def __init__(self, argv, wall, usage, returncode, stdout, stderr, maxrss_kib):
        self.argv = argv
        self.wall = wall
        self.cpu = usage.ru_utime + usage.ru_stime
        self.maxrss_mib = maxrss_kib / 1024.0
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr

    def check(self):
        if self.returncode != 0:
            sys.stderr.write(self.stderr[-4000:] if self.stderr else "")
            raise SystemExit(f"failed ({self.returncode}): {' '.join(map(str, self.argv))}")
        return self


def measure(argv, env=None, stdout_path=None, stdin_path=None):
    """Runs `argv` in a fresh child and returns its ``Measured`` figures (stdout captured unless `stdout_path`)."""
    argv = [str(a) for a in argv]
    out_file = open(stdout_path, "wb") if stdout_path else subprocess.PIPE
    in_file = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    peak = PeakMemory()
    start = time.perf_counter()
    process = subprocess.Popen(peak.wrap(argv), env=env, stdout=out_file, stderr=subprocess.PIPE, stdin=in_file)
    # Read the pipes on threads so a chatty child never blocks, then reap it with wait4 for its own rusage.
    import threading

    chunks = {"out": b"", "err": b""}

    def drain(stream, key):
        chunks[key] = stream.read()

    threads = [threading.Thread(target=drain, args=(process.stderr, "err"))]
    if process.stdout is not None:
        threads.append(threading.Thread(target=drain, args=(process.stdout, "out")))
    for thread in threads:
        thread.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    for thread in threads:
        thread.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if stdout_path:
        out_file.close()
    if stdin_path:
        in_file.close()
    return Measured(argv, wall, usage, process.returncode,
                    chunks["out"].decode("utf-8", "replace"), chunks["err"].decode("utf-8", "replace"), peak.read())


class PeakMemory:
    """The program's peak resident set size through GNU time (see the module's note on why not `wait4`)."""

    TIME = "/usr/bin/time"

    def __init__(self):
        import tempfile
        if not os.path.exists(self.TIME):
            raise SystemExit(f"{Path(sys.argv[0]).name}: {self.TIME} is missing (peak memory is read through it); "
                             "install it with: apt-get install -y time")
        handle, self.path = tempfile.mkstemp(prefix="stance-bench-peak-")
        os.close(handle)

    def wrap(self, argv):
        return [self.TIME, "-f", "%M", "-o", self.path, *argv]

    def read(self):
        """Kibibytes; GNU time puts a line about a non-zero exit or a signal before the figure."""
        try:
            with open(self.path) as handle:
                lines = [line.strip() for line in handle if line.strip()]
        finally:
            os.unlink(self.path)
        if not lines or not lines[-1].isdigit():
            raise SystemExit(f"{Path(sys.argv[0]).name}: GNU time wrote no peak memory: {lines}")
        return int(lines[-1])


def python_env():
    """The environment for numpy/scikit-learn children: OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed."""
    env = dict(os.environ)
    for name in OPENBLAS_OVERRIDES:
        env.pop(name, None)
    return env


def run_worker(script, name, spec, env=None):
    """Runs `script --worker name --spec JSON` in a fresh Python child; returns (Measured, the JSON it printed)."""
    measured = measure([sys.executable, script, "--worker", name, "--spec", json.dumps(spec)],
                       env=env if env is not None else python_env()).check()
    lines = [line for line in measured.stdout.splitlines() if line.startswith("{")]
    return measured, json.loads(lines[-1])


def worker_reply(payload):
    """Prints a worker's result as the last line of its output."""
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()


def add_worker_arguments(parser):
    parser.add_argument("--worker", help=argparse_suppress())
    parser.add_argument("--spec", help=argparse_suppress())


def argparse_suppress():
    import argparse
    return argparse.SUPPRESS


# ---------------------------------------------------------------------------------------------------------------
# Versions, machine, BLAS


def stance_version(stance):
    try:
        out = subprocess.run([str(stance), "--version"], capture_output=True, text=True, timeout=30)
        version = (out.stdout or out.stderr).strip()
    except OSError as error:
        return f"unavailable ({error})"
    commit = subprocess.run(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True).stdout.strip()
    return f"{version or '?'} (git {commit})"


def stance_blas(stance):
    """Which BLAS the stance binary loads: the resolved libblas.so.3 (reference BLAS unless OpenBLAS is installed)."""
    try:
        ldd = subprocess.run(["ldd", str(stance)], capture_output=True, text=True).stdout
    except OSError:
        return "unknown"
    libs = [line.strip() for line in ldd.splitlines() if re.search(r"lib(blas|lapack|openblas)", line)]
    resolved = []
    for line in libs:
        match = re.search(r"=>\s*(\S+)", line)
        if match:
            resolved.append(f"{line.split()[0]} -> {os.path.realpath(match.group(1))}")
    kind = "OpenBLAS" if any("openblas" in r for r in resolved) else "reference BLAS (netlib)"
    return f"{kind}: " + "; ".join(resolved)


def machine_description():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            mem = f"{int(f.readline().split()[1]) / 1048576:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{platform.node()}: {os.cpu_count()} CPUs ({cpu}), {mem} RAM, {platform.platform()}"


def package_versions(names):
    from importlib import metadata
    parts = []
    for name in names:
        try:
            parts.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{name} (not installed)")
    return ", ".join(parts)


REQUIREMENTS = REPO_ROOT / "scripts" / "bench-requirements.txt"


def pinned_versions():
    """The peers' pinned versions from scripts/bench-requirements.txt, as {distribution name: version}."""
    pins = {}
    for line in REQUIREMENTS.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[name.strip().lower()] = version.strip()
    return pins


def require_peers(packages):
    """Stops with instructions when a peer in `packages` is missing; warns when one differs from its pinned version.

    The figures in README.md and docs/benchmarks.md were measured with the versions pinned in
    scripts/bench-requirements.txt; another version still runs, but its figures are not comparable without saying so.
    """
    from importlib import metadata
    pins = pinned_versions()
    missing, differing = [], []
    for name in packages:
        pinned = pins.get(name.lower())
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            missing.append(f"{name}=={pinned}" if pinned else name)
            continue
        if pinned and installed != pinned:
            differing.append(f"{name} {installed} (pinned {pinned})")
    if missing:
        raise SystemExit(f"{Path(sys.argv[0]).name}: missing peer packages: {', '.join(missing)}\n"
                         f"install them with: python3 -m pip install -r {REQUIREMENTS.relative_to(Path.cwd()) if REQUIREMENTS.is_relative_to(Path.cwd()) else REQUIREMENTS}")
    for item in differing:
        sys.stderr.write(f"{Path(sys.argv[0]).name}: warning: {item}; the published figures used the pinned version\n")


def print_header(title, stance, packages, argv=None):
    """Prints what the figures below depend on: date, machine, command, versions, BLAS."""
    print(f"== {title}")
    print(f"date:     {datetime.datetime.now().astimezone().isoformat(timespec='seconds')}")
    print(f"machine:  {machine_description()}")
    print(f"command:  {' '.join(argv or sys.argv)}")
    print(f"stance:   {stance_version(stance)}; {stance_blas(stance)}")
    print(f"python:   {platform.python_version()}; {package_versions(packages)}")
    load = os.getloadavg()
    print(f"load:     {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (1/5/15 min) on {os.cpu_count()} CPUs shared with other "
          "jobs: wall times stretch when the load is high, CPU times (user + system) much less")
    print(f"env:      OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')} "
          f"OPENBLAS_L2_SIZE={os.environ.get('OPENBLAS_L2_SIZE')} (removed for the Python peers only)")
    sys.stdout.flush()


def threadpool_summary():
    """The BLAS/OpenMP pools that threadpoolctl sees in this process (call inside a worker after imports)."""
    from threadpoolctl import threadpool_info
    parts = []
    for pool in threadpool_info():
        parts.append(f"{pool.get('internal_api')} {pool.get('version')} kernel={pool.get('architecture')} "
                     f"threads={pool.get('num_threads')}")
    return "; ".join(parts) or "none loaded"


# ---------------------------------------------------------------------------------------------------------------
# Data


def read_jsonl(path, limit=None):
    """The records of a JSON Lines file, gzip-compressed when it ends in .gz."""
    opener = gzip.open if str(path).endswith(".gz") else open
    records = []
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


def normalize(text):
    """The peers' normalisation: Unicode NFKC (stance normalises NFKC too); lower-casing is left to the vectoriser."""
    return unicodedata.normalize("NFKC", text)


def code_point_sorted(labels):
    """Labels in Unicode code point order, as `stance` orders them (Python's str order is code point order)."""
    return sorted(set(labels))


def write_jsonl(records, path):
    with open(path, "w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")


def load_svmlight_export(path):
    """Loads a `stance features --export svmlight` triple: (X csr float64, y int, names, labels)."""
    from sklearn.datasets import load_svmlight_file
    with open(f"{path}.names", encoding="utf-8") as f:
        names = f.read().split("\n")[:-1]
    with open(f"{path}.labels", encoding="utf-8") as f:
        labels = f.read().split("\n")[:-1]
    X, y = load_svmlight_file(str(path), n_features=len(names), zero_based=False, dtype="float64")
    X = X.tocsr()
    # load_svmlight_file returns int64 indices; saga (and LIBLINEAR's converter) want 32-bit ones.
    if X.nnz < 2**31 - 1:
        X.indices = X.indices.astype("int32")
        X.indptr = X.indptr.astype("int32")
    return X, y.astype(int), names, labels


# ---------------------------------------------------------------------------------------------------------------
# Objective in scikit-learn's convention


def logistic_objective(W, b, X, y, C):
    """`C · Σ_i loss_i + ½ ‖W‖²_F`, intercepts unpenalised (scikit-learn's LogisticRegression objective).

    Binary (`W` one row, labels 0/1): `loss_i = log(1 + exp(−s_i z_i))`, `s_i = ±1`, `z_i = x_iᵀw + b`.
    Multinomial (`W` K rows): `loss_i = log Σ_k exp(z_ik) − z_{i,y_i}`.
    """
    import numpy as np
    from scipy.special import logsumexp
    W = np.atleast_2d(np.asarray(W, dtype=float))
    b = np.atleast_1d(np.asarray(b, dtype=float))
    Z = np.asarray(X @ W.T) + b
    if W.shape[0] == 1:
        z = Z[:, 0]
        s = np.where(y == 1, 1.0, -1.0)
        loss = np.logaddexp(0.0, -s * z).sum()
    else:
        loss = (logsumexp(Z, axis=1) - Z[np.arange(len(y)), y]).sum()
    return C * loss + 0.5 * float(np.sum(W * W))


def relative_difference(a, b):
    return abs(a - b) / max(abs(a), abs(b), 1e-300)


def ratio(slow, fast):
    return slow / fast if fast > 0 else float("inf")


def print_table(headers, rows):
    """A plain aligned text table."""
    cells = [[str(h) for h in headers]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(cell.rjust(widths[i]) if i else cell.ljust(widths[i]) for i, cell in enumerate(row)))
        if index == 0:
            print("  ".join("-" * w for w in widths))
    sys.stdout.flush()


def find_stance(path):
    stance = Path(path) if path else DEFAULT_STANCE
    if not stance.exists():
        raise SystemExit(f"no stance binary at {stance}: run `swift build -c release` first (or pass --stance)")
    return stance


def stance_threads_default():
    return os.cpu_count() or 1


def measure_with_progress(argv, env=None):
    """Like ``measure``, with stderr on a pseudo-terminal so that `stance` prints its progress lines; returns
    (Measured, [(seconds since start, line), ...])."""
    import pty
    import threading
    argv = [str(a) for a in argv]
    master, slave = pty.openpty()
    peak = PeakMemory()
    start = time.perf_counter()
    process = subprocess.Popen(peak.wrap(argv), env=env, stdout=subprocess.DEVNULL, stderr=slave,
                               stdin=subprocess.DEVNULL)
    os.close(slave)
    lines = []

    def drain():
        pending = b""
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                break
            if not chunk:
                break
            now = time.perf_counter() - start
            pending += chunk
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                lines.append((now, line.decode("utf-8", "replace").rstrip("\r")))

    reader = threading.Thread(target=drain)
    reader.start()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    reader.join(timeout=5)
    os.close(master)
    process.returncode = os.waitstatus_to_exitcode(status)
    text = "\n".join(line for _, line in lines)
    return Measured(argv, wall, usage, process.returncode, "", text, peak.read()), lines


# The three labeled sets of check-optimum and bench-train, with the feature options used on both sides.
SETS = {
    "nlpcc": {
        "title": "NLPCC 2016 pooled over targets (3 classes)",
        "file": "nlpcc2016_stance/train.jsonl",
        "features": ["--word-ngrams", "1-2", "--char-ngrams", "1-3", "--min-df", "2"],
    },
    "abp": {
        "title": "Article-Bias-Prediction (3 classes)",
        "file": "article_bias_prediction/articles.jsonl.gz",
        "features": ["--word-ngrams", "1-2", "--char-ngrams", "none", "--min-df", "5", "--max-features", "200000"],
    },
    "cdnyt": {
        "title": "China Daily vs NYT (2 classes)",
        "file": "chinadaily_vs_nyt_democracy/articles.jsonl.gz",
        "features": ["--word-ngrams", "1-2", "--char-ngrams", "none", "--min-df", "2"],
    },
}


def stance_weights(stance, model):
    """Every weight of a model's first sub-model, from `stance inspect --format weights` (CSV
    `target,output,feature,weight`): ({output label: {feature name: weight}}, {output label: intercept}). A two-class
    model has one output, its second label; a multinomial one every label."""
    import csv
    import io
    text = measure([stance, "inspect", model, "--format", "weights"]).check().stdout
    reader = csv.reader(io.StringIO(text.decode("utf-8") if isinstance(text, bytes) else text))
    header = next(reader)
    assert header == ["target", "output", "feature", "weight"], header
    weights, intercepts = {}, {}
    first_target = None
    for target, output, feature, weight in reader:
        first_target = target if first_target is None else first_target
        if target != first_target:
            break
        if feature == "(intercept)":
            intercepts[output] = float(weight)
        else:
            weights.setdefault(output, {})[feature] = float(weight)
    return weights, intercepts


def same_file(a, b, suffix=""):
    """Whether files `a + suffix` and `b + suffix` have the same bytes."""
    import filecmp
    return filecmp.cmp(f"{a}{suffix}", f"{b}{suffix}", shallow=False)
