package dev.anneal.metrics;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One metric of one run over a range of steps.
 *
 * @param key the metric, as the API spells it
 * @param downsampled whether points stand for buckets of several steps
 * @param points in step order
 */
public record Series(String key, boolean downsampled, List<Point> points) {

    /**
     * A value at a step; when downsampled, a bucket of steps: the bucket's last value and step, and the smallest
     * and largest value in it, so spikes survive.
     *
     * @param step the step (of the bucket's last point)
     * @param epoch the fractional epoch at that step
     * @param value the value (the bucket's last)
     * @param min the bucket's smallest value, absent for raw points
     * @param max the bucket's largest value, absent for raw points
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Point(int step, double epoch, double value, Double min, Double max) {}
}
