package io.radflow.quantification.compute;

/**
 * A computed index (BMI, SMI): a number, or the reason it is missing.
 *
 * @param value the value, null when an input is missing
 * @param unit the unit ("kg/m²", "cm²/m²")
 * @param missing why the value is missing ("height missing: …"), null when there is a value
 */
public record DerivedValue(Double value, String unit, String missing) {

    static DerivedValue of(double value, String unit) {
        return new DerivedValue(value, unit, null);
    }

    static DerivedValue missing(String unit, String why) {
        return new DerivedValue(null, unit, why);
    }

    /** True when there is a number (not a bean property, so JSON keeps {@code missing} as the reason). */
    public boolean hasValue() {
        return value != null;
    }
}
