package dev.anneal.run.web;

import dev.anneal.run.UploadedDatasets;
import dev.anneal.run.UploadedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/**
 * What the launch fields offer of the team's uploads, read when a page draws them (the launch form, the sweep form):
 * a blank first, for a built-in dataset or network, then each upload as a launch names it.
 */
@Component("uploadChoices")
class UploadChoices {

    private final UploadedDatasets datasets;
    private final UploadedModels models;

    UploadChoices(UploadedDatasets datasets, UploadedModels models) {
        this.datasets = datasets;
        this.models = models;
    }

    /** The uploaded datasets by name, a blank first. */
    public List<String> datasets() {
        var names = new ArrayList<String>();
        names.add("");
        datasets.all().forEach(dataset -> names.add(dataset.name()));
        return names;
    }

    /** The uploaded models as {@code name:version}, a blank first. */
    public List<String> models() {
        var names = new ArrayList<String>();
        names.add("");
        models.all().forEach(model -> names.add(model.name() + ":" + model.version()));
        return names;
    }

    /** Each uploaded dataset's training examples by name: what the form's step estimate divides. */
    public Map<String, Integer> sizes() {
        var sizes = new TreeMap<String, Integer>();
        datasets.all().forEach(dataset -> sizes.put(dataset.name(), dataset.examples()));
        return sizes;
    }
}
