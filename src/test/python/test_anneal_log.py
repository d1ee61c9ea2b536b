"""The Python client with Debian's PyTorch: what it declares of each real scheduler, and, against a running Anneal
(ANNEAL_URL and ANNEAL_TOKEN, as PythonClientTests sets them), a real training loop logged through it, through a
server restart. Run: python3 -m unittest discover -s src/test/python"""

import json
import os
import sys
import time
import unittest
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "main", "python"))

import anneal_log  # noqa: E402
import torch  # noqa: E402

URL = os.environ.get("ANNEAL_URL")
TOKEN = os.environ.get("ANNEAL_TOKEN")
#: A file the restart test writes once it has logged a while: the Java side then restarts the server.
RESTART_MARKER = os.environ.get("ANNEAL_RESTART_MARKER")


def optimizer(lr=0.1, groups=1):
    return torch.optim.SGD([{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr * (i + 1)}
                            for i in range(groups)], lr=lr, momentum=0.9)


def get(path):
    request = urllib.request.Request(URL + path, headers={"Authorization": "Bearer " + TOKEN})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


class Declarations(unittest.TestCase):
    """What watch() tells Anneal of each scheduler: its class and the arguments Anneal draws it from."""

    def test_warm_restarts(self):
        scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(optimizer(), T_0=10, T_mult=2, eta_min=1e-3)
        self.assertEqual(anneal_log.declaration(scheduler), {
            "scheduler": "CosineAnnealingWarmRestarts", "scheduler.T_0": "10", "scheduler.T_mult": "2",
            "scheduler.eta_min": "0.001", "scheduler.base_lrs": "[0.1]"})

    def test_milestones_in_order_whatever_order_they_were_given(self):
        scheduler = torch.optim.lr_scheduler.MultiStepLR(optimizer(), milestones=[60, 30], gamma=0.5)
        declared = anneal_log.declaration(scheduler)
        self.assertEqual(declared["scheduler.milestones"], "[30, 60]")
        self.assertEqual(declared["scheduler.gamma"], "0.5")

    def test_one_cycle_with_what_pytorch_keeps_of_its_arguments(self):
        scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer(), max_lr=0.5, total_steps=200, pct_start=0.25,
                                                        div_factor=10, final_div_factor=100,
                                                        anneal_strategy="linear")
        declared = anneal_log.declaration(scheduler)
        self.assertEqual(declared["scheduler.max_lr"], "0.5")
        self.assertEqual(declared["scheduler.total_steps"], "200")
        self.assertEqual(float(declared["scheduler.pct_start"]), 0.25)
        self.assertEqual(float(declared["scheduler.div_factor"]), 10)
        self.assertAlmostEqual(float(declared["scheduler.final_div_factor"]), 100)
        self.assertEqual(declared["scheduler.anneal_strategy"], "linear")
        self.assertEqual(declared["scheduler.three_phase"], "False")

    def test_every_group_rate(self):
        scheduler = torch.optim.lr_scheduler.StepLR(optimizer(groups=2), step_size=5, gamma=0.1)
        self.assertEqual(anneal_log.declaration(scheduler)["scheduler.base_lrs"], "[0.1, 0.2]")


@unittest.skipUnless(URL and TOKEN, "needs a running Anneal: ANNEAL_URL and ANNEAL_TOKEN")
class AgainstAnneal(unittest.TestCase):

    def test_a_training_loop_with_warm_restarts_is_held_to_its_declared_schedule(self):
        torch.manual_seed(0)
        model = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1))
        opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(opt, T_0=20, T_mult=2, eta_min=1e-4)
        x = torch.randn(256, 4)
        y = x.sum(1, keepdim=True)
        with anneal_log.start(URL, TOKEN, name="sgdr from python", experiment="python-client",
                              params={"batch_size": 32, "optimizer": "SGD"}) as run:
            run.watch(scheduler)
            for step in range(140):
                batch = torch.randint(0, 256, (32,))
                loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
                opt.zero_grad()
                loss.backward()
                opt.step()
                scheduler.step()
                run.log(step, train_loss=loss.item())

        logged = get("/api/runs/" + run.id)
        self.assertEqual(logged["status"], "SUCCEEDED")
        self.assertEqual(logged["kind"], "external")
        self.assertEqual(logged["params"]["batch_size"], "32")
        self.assertTrue(logged["source"]["script"].endswith(".py"), logged["source"])  # unittest's __main__.py
        self.assertIn("host", logged["source"])
        schedule = logged["schedule"]
        self.assertEqual(schedule["source"], "declared")
        self.assertEqual((schedule["kind"], schedule["t_max"], schedule["t_mult"]), ("cosine", 20.0, 2.0))
        self.assertEqual(schedule["rate_points"], 141, "step 0 at watch, then one after each of 140 steps")
        self.assertLessEqual(schedule["max_relative_deviation"], 1e-9)
        self.assertEqual(schedule["departures"], [])
        restarts = [e["step"] for e in get("/api/runs/%s/events" % run.id)["events"] if e["kind"] == "RESTART"]
        self.assertEqual(restarts, [20, 60, 140])
        losses = get("/api/runs/%s/metrics?keys=train_loss&max_points=1000" % run.id)["series"][0]["points"]
        self.assertEqual([p["step"] for p in losses], list(range(140)))

    @unittest.skipUnless(RESTART_MARKER, "needs a server the test may restart: ANNEAL_RESTART_MARKER")
    def test_a_server_restart_in_the_middle_loses_no_point(self):
        run = anneal_log.start(URL, TOKEN, name="through a restart", experiment="python-client")
        started = time.monotonic()
        step = 0
        marked = False
        # logs ten steps a second while the server goes away and comes back (the Java side writes the marker's
        # ".restarted" once it is back), and three seconds more; two minutes at most
        restarted = RESTART_MARKER + ".restarted"
        back = None
        while time.monotonic() - started < 120 and (back is None or time.monotonic() - back < 3):
            if back is None and os.path.exists(restarted):
                back = time.monotonic()
            t0 = time.perf_counter()
            run.log(step, loss=1.0 / (step + 1), accuracy=step / 1000.0)
            self.assertLess(time.perf_counter() - t0, 0.05, "logging never waits for the server")
            step += 1
            if step == 50 and not marked:
                with open(RESTART_MARKER, "w") as marker:
                    marker.write(run.id)
                marked = True
            time.sleep(0.1)
        run.finish()
        self.assertIsNotNone(back, "the server came back")

        for key in ("loss", "accuracy"):
            points = get("/api/runs/%s/metrics?keys=%s&max_points=100000" % (run.id, key))["series"][0]["points"]
            self.assertEqual([p["step"] for p in points], list(range(step)), key)
        self.assertEqual(get("/api/runs/" + run.id)["status"], "SUCCEEDED")


if __name__ == "__main__":
    unittest.main()
