"""Log a PyTorch training script's metrics into Anneal, and tell it the learning-rate schedule.

One file, standard library only, Python 3.8+: fetch it from your own Anneal with
``curl -O http://anneal:8080/client/anneal_log.py``.

    import anneal_log
    with anneal_log.start("http://anneal:8080", "anl_...", name="resnet-sgdr", params={"batch_size": 128}) as run:
        run.watch(scheduler)            # logs every param group's rate after each scheduler.step(),
                                        # and declares the scheduler so Anneal draws the planned schedule
        for step, batch in enumerate(loader):
            ...
            run.log(step, train_loss=loss.item())

``run.log`` never waits for the network: points queue in memory (bounded) and a background thread sends them every
second, retrying with backoff while the server is away (a restart loses nothing), and once more at exit.
"""

import atexit
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Dict, List, Optional

__version__ = "1.0"

#: Points held in memory at most; past it a point is dropped (and counted) rather than slowing training down.
MAX_QUEUED_POINTS = 2_000_000
#: Points sent in one request at most (the server takes 100 000).
MAX_POINTS_PER_REQUEST = 50_000
#: Seconds between sends.
FLUSH_EVERY = 1.0
#: The longest pause between retries while the server is away, in seconds.
MAX_BACKOFF = 10.0
#: How long the last send at exit may wait for an absent server, in seconds.
EXIT_WAIT = 60.0

# the scheduler arguments declared, by class: what Anneal needs to draw each one
_ARGUMENTS = {
    "CosineAnnealingWarmRestarts": ("T_0", "T_mult", "eta_min"),
    "CosineAnnealingLR": ("T_max", "eta_min"),
    "StepLR": ("step_size", "gamma"),
    "MultiStepLR": ("milestones", "gamma"),
    "ExponentialLR": ("gamma",),
    "LinearLR": ("start_factor", "end_factor", "total_iters"),
    "ConstantLR": ("factor", "total_iters"),
    "PolynomialLR": ("total_iters", "power"),
}


class AnnealError(Exception):
    """A request Anneal refused: the message is its answer, naming what was wrong."""


def start(url, token, name=None, experiment=None, params=None, tags=None, notes=None):
    # type: (str, str, Optional[str], Optional[str], Optional[Dict[str, Any]], Optional[List[str]], Optional[str]) -> Run
    """Opens a run in Anneal (kind ``external``) owned by the token's user, and returns it, ready to log."""
    body = {"kind": "external", "source": _source()}  # type: Dict[str, Any]
    if name is not None:
        body["name"] = name
    if experiment is not None:
        body["experiment"] = experiment
    if tags:
        body["tags"] = list(tags)
    if notes:
        body["notes"] = notes
    client = _Client(url, token)
    created = client.call("POST", "/api/runs", body, retry_for=30.0)
    run = Run(client, created["id"], created["name"])
    if params:
        run.log_params(**params)
    return run


class Run:
    """A run being logged: ``log`` queues points, ``finish`` sends what is left and ends it."""

    def __init__(self, client, run_id, name):
        self._client = client
        self.id = run_id
        self.name = name
        self.url = client.url + "/runs/" + run_id
        self._lock = threading.Lock()
        self._points = {}  # type: Dict[str, List[List[float]]]
        self._queued = 0
        self._params = {}  # type: Dict[str, str]
        self._tags = {}  # type: Dict[str, str]
        self.dropped = 0
        self._finished = False
        self._failed = None  # type: Optional[str]
        self._wake = threading.Event()
        self._sending = threading.Lock()  # one sender at a time, so batches land in order
        self._sender = threading.Thread(target=self._send_forever, name="anneal-log", daemon=True)
        self._sender.start()
        atexit.register(self._at_exit)

    # what a script calls

    def log(self, step, **metrics):
        # type: (int, **float) -> None
        """Logs ``metrics`` (name=value) at ``step``; returns at once, the points are sent in the background."""
        now = int(time.time() * 1000)
        with self._lock:
            for key, value in metrics.items():
                if self._queued >= MAX_QUEUED_POINTS:
                    self.dropped += 1
                    continue
                columns = self._points.get(key)
                if columns is None:
                    columns = self._points[key] = [[], [], []]
                columns[0].append(int(step))
                columns[1].append(float(value))
                columns[2].append(now)
                self._queued += 1

    def log_params(self, **params):
        # type: (**Any) -> None
        """Logs params (name=value; written once, as MLflow's are)."""
        with self._lock:
            self._params.update({k: _text(v) for k, v in params.items()})
        self._wake.set()

    def set_tags(self, **tags):
        # type: (**Any) -> None
        """Sets tags (name=value)."""
        with self._lock:
            self._tags.update({k: _text(v) for k, v in tags.items()})
        self._wake.set()

    def watch(self, scheduler, key="lr"):
        """Follows a ``torch.optim.lr_scheduler`` scheduler: logs each param group's rate (``lr``, then ``lr/pg1``,
        ``lr/pg2`` …) at step 0 now and at step k after its k-th ``step()``, and declares the scheduler (its class and
        arguments, as params ``scheduler`` and ``scheduler.<argument>``) so Anneal draws the planned schedule and marks
        any step where the logged rate leaves it."""
        self.log_params(**declaration(scheduler))
        optimizer = scheduler.optimizer
        count = [0]

        def rates(step):
            groups = optimizer.param_groups
            self.log(step, **{(key if i == 0 else "%s/pg%d" % (key, i)): g["lr"] for i, g in enumerate(groups)})

        rates(0)
        original = scheduler.step

        def step(*args, **kwargs):
            result = original(*args, **kwargs)
            count[0] += 1
            rates(count[0])
            return result

        scheduler.step = step
        return scheduler

    def flush(self, timeout=None):
        # type: (Optional[float]) -> bool
        """Sends everything queued so far; waits up to ``timeout`` seconds (for ever when ``None``) while the server
        is away. Returns whether all of it was sent."""
        deadline = None if timeout is None else time.monotonic() + timeout
        return self._send(deadline)

    def finish(self, status="FINISHED"):
        # type: (str) -> None
        """Sends what is left and ends the run: ``FINISHED``, ``FAILED`` or ``KILLED``."""
        if self._finished:
            return
        self._finished = True
        self._send(time.monotonic() + EXIT_WAIT)
        self._client.call("POST", "/api/runs/%s/finish" % self.id, {"status": status}, retry_for=EXIT_WAIT)
        self._wake.set()
        if self.dropped:
            _warn("%d points were dropped: more than %d waited to be sent" % (self.dropped, MAX_QUEUED_POINTS))

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        if kind is None:
            self.finish("FINISHED")
        elif issubclass(kind, KeyboardInterrupt):
            self.finish("KILLED")
        else:
            self.finish("FAILED")
        return False

    # sending

    def _send_forever(self):
        while not self._finished:
            self._wake.wait(FLUSH_EVERY)
            self._wake.clear()
            if self._finished:
                return
            try:
                # what has queued up to now, in full requests and one more: not the points logged while it sends, or
                # a fast loop would keep the sender (and the server) busy with a request every few milliseconds
                self._send(None, stop=lambda: self._finished, drain=False)
            except AnnealError as refused:
                _warn("a batch was refused and dropped: %s" % refused)

    def _send(self, deadline, stop=lambda: False, drain=True):
        with self._sending:
            while True:
                batch, count = self._take()
                if batch is None:
                    return True
                if not self._client.send("/api/runs/%s/log" % self.id, batch, deadline, stop):
                    self._put_back(batch, count)
                    return False
                if not drain and self._queued < MAX_POINTS_PER_REQUEST:
                    return True

    def _take(self):
        with self._lock:
            if not self._points and not self._params and not self._tags:
                return None, 0
            metrics = []
            count = 0
            for key in list(self._points):
                steps, values, times = self._points[key]
                room = MAX_POINTS_PER_REQUEST - count
                if room <= 0:
                    break
                metrics.append({"key": key, "steps": steps[:room], "values": values[:room], "times": times[:room]})
                count += min(room, len(steps))
                if len(steps) > room:
                    self._points[key] = [steps[room:], values[room:], times[room:]]
                else:
                    del self._points[key]
            self._queued -= count
            batch = {"metrics": metrics}  # type: Dict[str, Any]
            if self._params:
                batch["params"], self._params = self._params, {}
            if self._tags:
                batch["tags"], self._tags = self._tags, {}
            return batch, count

    def _put_back(self, batch, count):
        with self._lock:
            for series in reversed(batch["metrics"]):
                held = self._points.get(series["key"], [[], [], []])
                self._points[series["key"]] = [series["steps"] + held[0], series["values"] + held[1],
                                               series["times"] + held[2]]
            self._queued += count
            self._params = dict(batch.get("params", {}), **self._params)
            self._tags = dict(batch.get("tags", {}), **self._tags)

    def _at_exit(self):
        if self._finished:
            return
        failed = getattr(sys, "last_type", None) is not None
        try:
            self.finish("FAILED" if failed else "FINISHED")
        except Exception as e:  # the interpreter is going away: say so, never raise
            _warn("could not end run %s: %s" % (self.id, e))


def declaration(scheduler):
    # type: (Any) -> Dict[str, str]
    """A scheduler's class and arguments as the params Anneal reads a declaration from."""
    name = type(scheduler).__name__
    args = {}  # type: Dict[str, Any]
    state = vars(scheduler)
    for argument in _ARGUMENTS.get(name, ()):
        if argument in state:
            args[argument] = state[argument]
    if name == "MultiStepLR":
        args["milestones"] = sorted(state["milestones"].elements())
    if name == "OneCycleLR":
        group = scheduler.optimizer.param_groups[0]
        phases = state["_schedule_phases"]
        args["max_lr"] = group["max_lr"]
        args["total_steps"] = state["total_steps"]
        args["pct_start"] = (phases[0]["end_step"] + 1) / state["total_steps"]
        args["div_factor"] = group["max_lr"] / group["initial_lr"]
        args["final_div_factor"] = group["initial_lr"] / group["min_lr"]
        args["three_phase"] = len(phases) == 3
        args["anneal_strategy"] = "linear" if "linear" in state["anneal_func"].__name__ else "cos"
    params = {"scheduler": name}
    params.update({"scheduler." + k: _text(v) for k, v in args.items()})
    params["scheduler.base_lrs"] = _text(list(getattr(scheduler, "base_lrs", [])))
    return params


class _Client:
    """Anneal's API over urllib, with the token."""

    def __init__(self, url, token):
        self.url = url.rstrip("/")
        self._token = token

    def call(self, method, path, body, retry_for):
        deadline = time.monotonic() + retry_for
        pause = 0.5
        while True:
            try:
                return self._request(method, path, body)
            except _Unavailable as away:
                if time.monotonic() + pause > deadline:
                    raise AnnealError("%s%s: %s" % (self.url, path, away))
                time.sleep(pause)
                pause = min(pause * 2, MAX_BACKOFF)

    def send(self, path, body, deadline, stop):
        """Sends a batch, retrying while the server is away; False when the deadline came first."""
        pause = 0.5
        while True:
            try:
                self._request("POST", path, body)
                return True
            except _Unavailable:
                if stop() or (deadline is not None and time.monotonic() + pause > deadline):
                    return False
                time.sleep(pause)
                pause = min(pause * 2, MAX_BACKOFF)

    def _request(self, method, path, body):
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.url + path, data=data, method=method, headers={
            "Authorization": "Bearer " + self._token,
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": "anneal_log/" + __version__,
        })
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            detail = _problem(error)
            if error.code in (429, 502, 503, 504):
                raise _Unavailable("%d %s" % (error.code, detail))
            raise AnnealError("%s %s: %d %s" % (method, path, error.code, detail))
        except (urllib.error.URLError, ConnectionError, socket.timeout) as error:
            raise _Unavailable(str(error))


class _Unavailable(Exception):
    """The server is away or busy: worth trying again."""


def _problem(error):
    try:
        problem = json.loads(error.read().decode("utf-8"))
        fields = "; ".join(e.get("message", "") for e in problem.get("errors", []))
        return fields or problem.get("detail") or problem.get("title") or ""
    except Exception:
        return error.reason


def _text(value):
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_text(v) for v in value) + "]"
    return str(value)


def _source():
    main = getattr(sys.modules.get("__main__"), "__file__", None)
    script = os.path.abspath(main) if main else (sys.argv[0] if sys.argv and sys.argv[0] else None)
    source = {"host": socket.gethostname()}  # type: Dict[str, Any]
    if script:
        source["script"] = script
        folder = os.path.dirname(script)
        commit = _git(folder, "rev-parse", "HEAD")
        if commit:
            source["git_commit"] = commit
            source["dirty"] = bool(_git(folder, "status", "--porcelain", "--untracked-files=no"))
    return source


def _git(folder, *args):
    try:
        done = subprocess.run(("git",) + args, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              timeout=5, check=True)
        return done.stdout.decode("utf-8").strip()
    except Exception:
        return None


def _warn(message):
    print("anneal_log: " + message, file=sys.stderr)
