package io.radflow.quantification.compute;

import java.util.ArrayList;
import java.util.List;

/**
 * Sex-specific L3 skeletal muscle index cut-offs for sarcopenia from the literature, shown as reference
 * only: they were derived in cancer cohorts, and no diagnosis is made from them here.
 */
public final class SarcopeniaReference {
    /** Said with every list of cut-offs. */
    public static final String NOTICE = "Reference values from the literature, shown for orientation only; "
            + "not a diagnosis. Cut-offs were derived in oncology cohorts.";

    static final String PRADO = "Prado CMM et al. Prevalence and clinical implications of sarcopenic obesity in "
            + "patients with solid tumours of the respiratory and gastrointestinal tracts: a population-based "
            + "study. Lancet Oncol. 2008;9(7):629-635. doi:10.1016/S1470-2045(08)70153-0";
    static final String MARTIN = "Martin L et al. Cancer cachexia in the age of obesity: skeletal muscle depletion "
            + "is a powerful prognostic factor, independent of body mass index. J Clin Oncol. "
            + "2013;31(12):1539-1547. doi:10.1200/JCO.2012.45.6722";

    private SarcopeniaReference() {}

    /**
     * One cut-off: SMI below {@code smiBelow} is called low muscle mass by {@code source}.
     *
     * @param source short name ("Prado 2008")
     * @param sex "F" or "M"
     * @param condition when it applies ("BMI < 25 kg/m²"), null when always
     * @param smiBelow the threshold in cm²/m²
     * @param citation the full reference
     */
    public record CutOff(String source, String sex, String condition, double smiBelow, String citation) {}

    /**
     * The cut-offs that apply to a patient.
     *
     * @param patientSex Patient Sex (0010,0040) as recorded, null when absent
     * @param cutOffs the cut-offs for that sex (and BMI, where it decides), empty for other or unknown sex
     * @param note why the list is what it is
     * @param notice {@link #NOTICE}
     */
    public record Reference(String patientSex, List<CutOff> cutOffs, String note, String notice) {
        public Reference {
            cutOffs = List.copyOf(cutOffs);
        }
    }

    /** Every cut-off known here. */
    public static List<CutOff> all() {
        return List.of(
                new CutOff("Prado 2008", "F", null, 38.5, PRADO),
                new CutOff("Prado 2008", "M", null, 52.4, PRADO),
                new CutOff("Martin 2013", "F", null, 41, MARTIN),
                new CutOff("Martin 2013", "M", "BMI < 25 kg/m²", 43, MARTIN),
                new CutOff("Martin 2013", "M", "BMI ≥ 25 kg/m²", 53, MARTIN));
    }

    /**
     * The cut-offs for Patient Sex {@code patientSex} (M, F; O or absent → none) and BMI {@code bmi}
     * (null when unknown: Martin's two male cut-offs are both listed with their conditions).
     */
    public static Reference forPatient(String patientSex, Double bmi) {
        String sex = patientSex == null ? "" : patientSex.trim().toUpperCase(java.util.Locale.ROOT);
        if (!sex.equals("M") && !sex.equals("F")) {
            return new Reference(
                    patientSex,
                    List.of(),
                    "no sex-specific cut-off applies: Patient Sex (0010,0040) is "
                            + (sex.isEmpty() ? "absent" : "'" + patientSex.trim() + "'"),
                    NOTICE);
        }
        List<CutOff> out = new ArrayList<>();
        String note = "cut-offs for sex " + sex;
        for (CutOff c : all()) {
            if (!c.sex().equals(sex)) {
                continue;
            }
            if (c.condition() != null && bmi != null) {
                boolean under25 = bmi < 25;
                if (c.condition().startsWith("BMI <") != under25) {
                    continue;
                }
            }
            out.add(c);
        }
        if (sex.equals("M") && bmi == null) {
            note += "; BMI unknown, so both of Martin 2013's BMI-dependent cut-offs are listed";
        }
        return new Reference(patientSex, out, note, NOTICE);
    }
}
