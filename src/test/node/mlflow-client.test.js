// The npm package `mlflow` (2.0.7), a real third-party MLflow client, against a running Anneal (ANNEAL_URL and
// ANNEAL_TOKEN, as MlflowClientTests sets them): an experiment, a run with params and tags, 10 000 points by
// log-batch, the history read back, the run finished, and the run on Anneal's own pages and API.
const { test } = require('node:test');
const assert = require('node:assert/strict');
const MLflow = require('mlflow');

const url = process.env.ANNEAL_URL;
const token = process.env.ANNEAL_TOKEN;
const headers = { Authorization: `Bearer ${token}` };

// the client prints every body it posts; ten thousand points of it say nothing a test reader needs
console.log = () => {};

test('a script logs through the npm mlflow client and its run is Anneal\'s', { skip: !url && 'needs ANNEAL_URL' }, async () => {
  const { Experiments, Runs, Metrics } = new MLflow({ endpoint: url, headers });

  const name = `npm-mlflow-${Date.now()}`;
  const { experiment_id: experimentId } = await Experiments.create({ name });
  const { experiment } = await Experiments.get({ experiment_id: experimentId });
  assert.equal(experiment.name, name);
  await Experiments.setExperimentTag({ experiment_id: experimentId, key: 'team', value: 'vision' }); // its slashless path
  const { experiments } = await Experiments.list(); // the client lists, as MLflow 1.x servers did
  assert.ok(experiments.some((e) => e.experiment_id === experimentId));

  const { run } = await Runs.create({
    experiment_id: experimentId,
    start_time: Date.now(),
    tags: [{ key: 'mlflow.runName', value: 'sgdr from node' }, { key: 'mlflow.source.name', value: 'train.js' }],
  });
  const runId = run.info.run_id;
  assert.equal(run.info.status, 'RUNNING');
  await Runs.logParameter({ run_id: runId, key: 'batch_size', value: '128' });
  await Runs.setTag({ run_id: runId, key: 'model', value: 'resnet18' });

  // CosineAnnealingWarmRestarts(T_0=1000, T_mult=2) from 0.1, and a loss, 10 000 points in ten batches of 1 000
  const start = Date.now();
  for (let batch = 0; batch < 10; batch += 1) {
    const metrics = [];
    for (let i = 0; i < 500; i += 1) {
      const step = batch * 500 + i;
      let [begin, length] = [0, 1000];
      while (step >= begin + length) [begin, length] = [begin + length, length * 2];
      metrics.push({ key: 'lr', value: 0.05 * (1 + Math.cos((Math.PI * (step - begin)) / length)), timestamp: start + step, step });
      metrics.push({ key: 'train_loss', value: 2 / (1 + step), timestamp: start + step, step });
    }
    await Runs.logBatch({ run_id: runId, metrics, params: batch === 0 ? [{ key: 'optimizer', value: 'SGD' }] : [], tags: [] });
  }

  const { metrics: history } = await Metrics.getHistory({ run_id: runId, metric_key: 'train_loss' });
  assert.equal(history.length, 5000);
  assert.deepEqual(history.slice(0, 2).map((p) => [p.step, p.value]), [[0, 2], [1, 1]]);
  assert.equal(history[4999].timestamp, start + 4999);

  const { run_info: finished } = await Runs.update({ run_id: runId, status: 'FINISHED', end_time: Date.now() });
  assert.equal(finished.status, 'FINISHED');

  const read = await Runs.get({ run_id: runId });
  assert.deepEqual(read.run.data.params.find((p) => p.key === 'batch_size'), { key: 'batch_size', value: '128' });
  assert.equal(read.run.info.run_name, 'sgdr from node');

  const { runs } = await Runs.search({ experiment_ids: [experimentId], filter: "params.optimizer = 'SGD'" });
  assert.deepEqual(runs.map((r) => r.info.run_id), [runId]);

  // Anneal's own view of it: an external run, its schedule inferred from the logged rate, its page served
  const own = await (await fetch(`${url}/api/runs/${runId}`, { headers })).json();
  assert.equal(own.kind, 'external');
  assert.equal(own.status, 'SUCCEEDED');
  assert.equal(own.schedule.source, 'inferred', JSON.stringify(own.schedule));
  assert.equal(own.schedule.t_max, 1000);
  assert.equal(own.schedule.t_mult, 2);
  const page = await fetch(`${url}/runs/${runId}`, { headers });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /sgdr from node/);
});

test('an error comes back in MLflow\'s shape, which the client reports', { skip: !url && 'needs ANNEAL_URL' }, async () => {
  const { Runs } = new MLflow({ endpoint: url, headers });
  await assert.rejects(Runs.get({ run_id: '00000000-0000-0000-0000-000000000000' }), (error) => {
    const { status, data } = JSON.parse(error.message.replace(/^Error: /, ''));
    assert.equal(status, 404);
    assert.equal(data.error_code, 'RESOURCE_DOES_NOT_EXIST');
    return true;
  });
});
