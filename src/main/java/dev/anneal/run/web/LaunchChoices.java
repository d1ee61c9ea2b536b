package dev.anneal.run.web;

import dev.anneal.run.RunSpec.DatasetName;
import dev.anneal.run.RunSpec.Device;
import dev.anneal.run.RunSpec.ModelName;
import dev.anneal.run.RunSpec.OptimizerName;
import dev.anneal.schedule.BaselineSchedule.OneCycle.Anneal;
import dev.anneal.schedule.PlateauRestartConfig.Metric;
import dev.anneal.schedule.ScheduleKind;
import dev.anneal.schedule.ScheduleUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The launch form's choices, from the enums the launch is validated against (so a new dataset or optimizer appears
 * in the form by itself), each list with the form's preselected choice first.
 *
 * @param datasets every dataset, the default first
 * @param models every model, the default first
 * @param optimizers every optimizer, the default first
 * @param devices every device choice, the default first
 * @param units the schedule's units, epochs first: the form's choice, as SGDR counts cycles
 * @param plateauMetrics the metrics a plateau can be watched on, the default first
 * @param scheduleKinds the kinds of schedule, cosine annealing (the default) first
 * @param anneals how one-cycle moves between its ends, cosine (the default) first
 */
record LaunchChoices(
        List<String> datasets,
        List<String> models,
        List<String> optimizers,
        List<String> devices,
        List<String> units,
        List<String> plateauMetrics,
        List<String> scheduleKinds,
        List<String> anneals) {

    static final LaunchChoices OF_LAUNCHES = new LaunchChoices(
            firstThen(LaunchRequest.DEFAULT_DATASET, DatasetName.values(), DatasetName::apiName),
            firstThen(LaunchRequest.DEFAULT_MODEL, ModelName.values(), ModelName::apiName),
            firstThen(LaunchRequest.DEFAULT_OPTIMIZER, OptimizerName.values(), OptimizerName::apiName),
            firstThen(LaunchRequest.DEFAULT_DEVICE, Device.values(), Device::apiName),
            firstThen(ScheduleUnit.EPOCH, ScheduleUnit.values(), ScheduleUnit::apiName),
            firstThen(Metric.VAL_LOSS, Metric.values(), Metric::apiName),
            firstThen(ScheduleKind.COSINE, ScheduleKind.values(), ScheduleKind::apiName),
            firstThen(Anneal.COS, Anneal.values(), Anneal::apiName));

    private static <E> List<String> firstThen(E first, E[] all, Function<E, String> apiName) {
        var names = new ArrayList<String>();
        names.add(apiName.apply(first));
        Arrays.stream(all).filter(value -> value != first).map(apiName).forEach(names::add);
        return List.copyOf(names);
    }
}
