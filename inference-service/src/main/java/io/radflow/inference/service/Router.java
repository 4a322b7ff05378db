package io.radflow.inference.service;

import io.radflow.events.SeriesSummary;
import io.radflow.events.StudyEvent;
import io.radflow.model.manifest.Applicability;
import io.radflow.model.manifest.ModelManifest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides which pipelines run on a study: each model's applicability (modality, SOP class, body
 * part, minimum slices) plus the configured rules (a pipeline switched off, a series description it
 * must or must not match). One run per pipeline per study version, on the matching series with the
 * most instances (then the lowest series number). Derived objects (SEG, SR, PR, KO, ...) — among
 * them Radflow's own results — never start an image pipeline.
 */
public final class Router {
    /** Modalities of derived objects and documents, which no image pipeline takes. */
    public static final Set<String> DERIVED_MODALITIES =
            Set.of("SEG", "SR", "PR", "KO", "RTSTRUCT", "RTPLAN", "RTDOSE", "DOC", "REG", "FID", "AU", "OT");

    /**
     * Per-pipeline rules from configuration.
     *
     * @param enabled false switches the pipeline off
     * @param seriesDescription a series must match it (case-insensitive regular expression), or null
     * @param excludeSeriesDescription a series matching it is not taken, or null
     */
    public record Rule(boolean enabled, String seriesDescription, String excludeSeriesDescription) {
        /** No restriction. */
        public static final Rule DEFAULT = new Rule(true, null, null);
    }

    /** A pipeline to run on a series. */
    public record Route(ModelManifest model, SeriesSummary series) {}

    /**
     * The routing of a study.
     *
     * @param routes the runs
     * @param reasons for each model that does not run, why (model id → reason); empty when every
     *     model runs
     */
    public record Decision(List<Route> routes, Map<String, String> reasons) {
        /** The reason shown when nothing runs. */
        public String skipReason() {
            List<String> parts = new ArrayList<>();
            reasons.forEach((model, why) -> parts.add(model + ": " + why));
            return parts.isEmpty() ? "no models loaded" : "no pipeline applies (" + String.join("; ", parts) + ")";
        }
    }

    private final List<ModelManifest> models;
    private final Map<String, Rule> rules;

    /**
     * @param models the loaded models' manifests
     * @param rules rules by model id (absent: {@link Rule#DEFAULT})
     */
    public Router(List<ModelManifest> models, Map<String, Rule> rules) {
        this.models = List.copyOf(models);
        this.rules = Map.copyOf(rules);
    }

    /** Routes a study event. */
    public Decision route(StudyEvent study) {
        List<Route> routes = new ArrayList<>();
        Map<String, String> reasons = new java.util.TreeMap<>();
        for (ModelManifest m : models) {
            Rule rule = rules.getOrDefault(m.id(), Rule.DEFAULT);
            if (!rule.enabled()) {
                reasons.put(m.id(), "switched off in the configuration");
                continue;
            }
            List<SeriesSummary> matching = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (SeriesSummary s : study.series()) {
                String no = mismatch(m.applicability(), rule, s);
                if (no == null) {
                    matching.add(s);
                } else {
                    why.add("series " + s.seriesNumber() + " " + no);
                }
            }
            if (matching.isEmpty()) {
                reasons.put(m.id(), why.isEmpty() ? "the study has no series" : String.join(", ", why));
                continue;
            }
            matching.sort(Comparator.comparingInt(SeriesSummary::numberOfInstances)
                    .reversed()
                    .thenComparing(s -> s.seriesNumber() == null ? Integer.MAX_VALUE : s.seriesNumber()));
            routes.add(new Route(m, matching.get(0)));
        }
        return new Decision(List.copyOf(routes), reasons);
    }

    /** Why {@code s} does not suit, or null when it does. */
    static String mismatch(Applicability a, Rule rule, SeriesSummary s) {
        String modality = upper(s.modality());
        if (modality == null || DERIVED_MODALITIES.contains(modality)) {
            return "is a derived object (" + s.modality() + ")";
        }
        if (!a.modalities().isEmpty() && !a.modalities().contains(modality)) {
            return "is " + modality + ", not " + String.join("/", a.modalities());
        }
        if (!a.sopClasses().isEmpty() && a.sopClasses().stream().noneMatch(s.sopClassUIDs()::contains)) {
            return "has no image of SOP class " + String.join("/", a.sopClasses());
        }
        if (!a.bodyParts().isEmpty()) {
            String part = upper(s.bodyPartExamined());
            if (part == null || !a.bodyParts().contains(part)) {
                return "body part " + (part == null ? "missing" : part) + ", not " + String.join("/", a.bodyParts());
            }
        }
        if (s.numberOfInstances() < a.minSlices()) {
            return "has " + s.numberOfInstances() + " images, fewer than " + a.minSlices();
        }
        String description = s.seriesDescription() == null ? "" : s.seriesDescription();
        if (rule.seriesDescription() != null
                && !Pattern.compile(rule.seriesDescription(), Pattern.CASE_INSENSITIVE)
                        .matcher(description)
                        .find()) {
            return "description \"" + description + "\" does not match " + rule.seriesDescription();
        }
        if (rule.excludeSeriesDescription() != null
                && Pattern.compile(rule.excludeSeriesDescription(), Pattern.CASE_INSENSITIVE)
                        .matcher(description)
                        .find()) {
            return "description \"" + description + "\" is excluded by " + rule.excludeSeriesDescription();
        }
        return null;
    }

    private static String upper(String s) {
        return s == null || s.isBlank() ? null : s.trim().toUpperCase(Locale.ROOT);
    }
}
